package io.certgate.identity;

import java.util.List;

/**
 * What {@link CertificateMapper#explain} found: the identity {@link CertificateMapper#map} gives
 * the same certificate, and how it got there.
 *
 * @param steps sentences for a person, in order, one per mapping considered (such as
 *              {@code many-to-one "engineering": rule 2 (subject OU matches "Sales*",
 *              case-insensitive) did not match; values: [Engineering]})
 */
public record MappingReport(Identity identity, List<String> steps) {
    public MappingReport {
        steps = List.copyOf(steps);
    }
}
