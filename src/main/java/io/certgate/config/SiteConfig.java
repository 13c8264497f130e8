package io.certgate.config;

import java.util.List;
import java.util.Map;

/**
 * A virtual host: the names it answers to, its server certificate, its client-certificate
 * policy, the accounts certificates map to, and its locations.
 *
 * @param hosts names matched against SNI and the Host header: exact, {@code *.example.com}, or
 *              {@code *} for the default site
 * @param certificate the server's chain, leaf first (PEM)
 * @param accounts by name, in configuration order
 * @param hsts the Strict-Transport-Security header of the site's HTTPS answers, empty when none
 * @param directoryMappings tried after one-to-one and before many-to-one mappings, in order
 */
public record SiteConfig(
        String name,
        List<String> hosts,
        FileRef certificate,
        FileRef key,
        ClientCertificatesConfig clientCertificates,
        Map<String, AccountConfig> accounts,
        List<OneToOneMappingConfig> oneToOneMappings,
        List<ManyToOneMappingConfig> manyToOneMappings,
        List<LocationConfig> locations,
        java.util.Optional<HstsConfig> hsts,
        Origin origin,
        List<DirectoryMappingConfig> directoryMappings) {

    /** A site without directory mappings. */
    public SiteConfig(String name, List<String> hosts, FileRef certificate, FileRef key,
                      ClientCertificatesConfig clientCertificates, Map<String, AccountConfig> accounts,
                      List<OneToOneMappingConfig> oneToOneMappings, List<ManyToOneMappingConfig> manyToOneMappings,
                      List<LocationConfig> locations, java.util.Optional<HstsConfig> hsts, Origin origin) {
        this(name, hosts, certificate, key, clientCertificates, accounts, oneToOneMappings, manyToOneMappings,
                locations, hsts, origin, List.of());
    }

    public SiteConfig {
        directoryMappings = List.copyOf(directoryMappings);
        hosts = List.copyOf(hosts);
        accounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(accounts));
        oneToOneMappings = List.copyOf(oneToOneMappings);
        manyToOneMappings = List.copyOf(manyToOneMappings);
        locations = List.copyOf(locations);
    }

    /** True when some location asks for a certificate, so the handshake must send a CertificateRequest. */
    public boolean asksForClientCertificates() {
        return locations.stream().anyMatch(l -> l.mode().asksForCertificate());
    }
}
