package io.certgate.config;

import java.util.Optional;

/**
 * One rule of a many-to-one mapping: the field and sub-field to look at, and the pattern
 * ({@code *} any run of characters, {@code ?} one character) a value must match.
 *
 * @param certificateSubField the attribute or SAN kind; empty for {@code policy} and {@code eku},
 *                            whose values are OIDs
 * @param matchCriteria the pattern as written; for {@code policy} and {@code eku} an
 *                      {@link OidPattern} (for {@code eku} also a {@link KeyPurpose} name)
 * @param compareCaseSensitive true (the IIS default) compares exactly; false ignores case
 */
public record MappingRuleConfig(
        CertificateField certificateField, Optional<CertificateSubField> certificateSubField, String matchCriteria,
        boolean compareCaseSensitive, Origin origin) {

    /** A rule on a text field with its sub-field. */
    public MappingRuleConfig(CertificateField certificateField, CertificateSubField certificateSubField,
                             String matchCriteria, boolean compareCaseSensitive, Origin origin) {
        this(certificateField, Optional.of(certificateSubField), matchCriteria, compareCaseSensitive, origin);
    }
}
