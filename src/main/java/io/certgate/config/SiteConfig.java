package io.certgate.config;

import java.util.List;

/**
 * A virtual host: the names it answers to, its server certificate, its client-certificate
 * policy and its locations.
 *
 * @param hosts names matched against SNI and the Host header: exact, {@code *.example.com}, or
 *              {@code *} for the default site
 * @param certificate the server's chain, leaf first (PEM)
 */
public record SiteConfig(
        String name,
        List<String> hosts,
        FileRef certificate,
        FileRef key,
        ClientCertificatesConfig clientCertificates,
        List<LocationConfig> locations,
        Origin origin) {

    public SiteConfig {
        hosts = List.copyOf(hosts);
        locations = List.copyOf(locations);
    }

    /** True when some location asks for a certificate, so the handshake must send a CertificateRequest. */
    public boolean asksForClientCertificates() {
        return locations.stream().anyMatch(l -> l.mode().asksForCertificate());
    }
}
