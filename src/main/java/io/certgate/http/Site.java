package io.certgate.http;

import io.certgate.config.ErrorDetail;
import io.certgate.config.ErrorsConfig;
import io.certgate.config.IdentityFormatsConfig;
import io.certgate.identity.CertificateMapper;
import io.certgate.validation.ClientCertificateJudge;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP layer needs of a site: its locations (longest prefix first), how its client
 * certificates are judged, what its error pages say, and its HSTS header.
 *
 * @param asksForCertificates true when the handshake sends a CertificateRequest
 * @param mapper turns a valid certificate into an account (or a denial)
 * @param errors how much error pages say, and the administrator's own pages
 * @param acceptedAuthorities the names (RFC 4514) of the CAs the CertificateRequest advertises, shown on 403.7
 * @param strictTransportSecurity the {@code Strict-Transport-Security} value of its HTTPS answers, empty for none
 * @param serverUris the URI subjectAltNames of the site's own server certificate: XFCC's {@code By}
 */
public record Site(
        String name,
        List<String> hosts,
        List<Location> locations,
        boolean asksForCertificates,
        ClientCertificateJudge judge,
        CertificateMapper mapper,
        ErrorsConfig errors,
        List<String> acceptedAuthorities,
        Optional<String> strictTransportSecurity,
        List<String> serverUris) {

    public Site {
        acceptedAuthorities = List.copyOf(acceptedAuthorities);
        serverUris = List.copyOf(serverUris);
        locations = locations.stream()
                .sorted(Comparator.comparingInt((Location l) -> l.prefix().length()).reversed())
                .toList();
    }

    /** A site whose server certificate has no URI subjectAltName. */
    public Site(String name, List<String> hosts, List<Location> locations, boolean asksForCertificates,
                ClientCertificateJudge judge, CertificateMapper mapper, ErrorsConfig errors,
                List<String> acceptedAuthorities, Optional<String> strictTransportSecurity) {
        this(name, hosts, locations, asksForCertificates, judge, mapper, errors, acceptedAuthorities,
                strictTransportSecurity, List.of());
    }

    /** A site with certgate's own error pages at {@code detail}, no advertised CA names and no HSTS (tests). */
    public Site(String name, List<String> hosts, List<Location> locations, boolean asksForCertificates,
                ClientCertificateJudge judge, CertificateMapper mapper, ErrorDetail detail) {
        this(name, hosts, locations, asksForCertificates, judge, mapper, ErrorsConfig.of(detail), List.of(),
                Optional.empty(), List.of());
    }

    /**
     * Every identity header format some location of the site sends: what a connection's
     * description of its client must be ready for (it is computed once per connection).
     */
    public IdentityFormatsConfig identityFormatsInUse() {
        IdentityFormatsConfig all = new IdentityFormatsConfig(java.util.Set.of(), false);
        for (Location location : locations) {
            all = all.union(location.identityFormats());
        }
        return all;
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
