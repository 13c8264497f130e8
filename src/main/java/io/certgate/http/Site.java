package io.certgate.http;

import io.certgate.config.ErrorDetail;
import io.certgate.identity.CertificateMapper;
import io.certgate.validation.ClientCertificateJudge;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP layer needs of a site: its locations (longest prefix first), how its client
 * certificates are judged, and how much its error pages say.
 *
 * @param asksForCertificates true when the handshake sends a CertificateRequest
 * @param mapper turns a valid certificate into an account (or a denial)
 */
public record Site(
        String name,
        List<String> hosts,
        List<Location> locations,
        boolean asksForCertificates,
        ClientCertificateJudge judge,
        CertificateMapper mapper,
        ErrorDetail errorDetail) {

    public Site {
        locations = locations.stream()
                .sorted(Comparator.comparingInt((Location l) -> l.prefix().length()).reversed())
                .toList();
    }

    /** The location with the longest prefix that matches, if any. */
    public Optional<Location> locate(String normalizedPath) {
        for (Location location : locations) {
            if (location.matches(normalizedPath)) {
                return Optional.of(location);
            }
        }
        return Optional.empty();
    }
}
