package io.certgate.fuzz;

import io.certgate.config.ConfigLoader;
import io.certgate.pki.Credential;
import io.certgate.pki.PemFiles;
import io.certgate.server.EmbeddedGateway;
import io.certgate.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The gateway every fuzz run talks to, configured as an administrator would: site {@code localhost}
 * with {@code /admin} for the group admins but {@code /admin/public} open to anyone (a location
 * more open than the one around it: a path read as leaving it is a way into {@code /admin}),
 * {@code /members} closed to alice, static files under
 * {@code /static}, and everything else proxied on an {@code accept} location; a second site,
 * {@code site2.test}, that a connection to the first must not reach (421). alice's certificate
 * is mapped one-to-one to the account alice, in the group admins.
 */
final class FuzzGateway {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String SITE = "localhost";
    /** Every host name a site of {@link #CONFIG} claims. */
    static final List<String> HOSTS = List.of("localhost", "site2.test");

    static final String CONFIG = """
            listen:
              - address: 127.0.0.1:0
            sites:
              - hosts: ["localhost"]
                certificate: tls/server.pem
                key: tls/server.key
                clientCertificates:
                  mode: require
                  trustedRoots: [pki/root.pem]
                  intermediates: [pki/intermediate.pem]
                  revocation:
                    crlFiles: [pki/intermediate.crl, pki/root.crl]
                accounts:
                  alice: { groups: [admins] }
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                locations:
                  - path: /admin
                    access: { allowGroups: [admins] }
                    proxy: http://127.0.0.1:9/
                  - path: /admin/public
                    clientCertificates: { mode: accept }
                    proxy: http://127.0.0.1:9/
                  - path: /members
                    access: { denyUsers: [alice] }
                    proxy: http://127.0.0.1:9/
                  - path: /static
                    root: www
                  - path: /
                    clientCertificates: { mode: accept }
                    proxy: http://127.0.0.1:9/
              - hosts: ["site2.test"]
                certificate: tls/site2.pem
                key: tls/site2.key
                clientCertificates:
                  mode: accept
                  trustedRoots: [pki/root.pem]
                locations:
                  - path: /
                    proxy: http://127.0.0.1:9/
            """;

    final EmbeddedGateway gateway;
    final List<X509Certificate> alice;

    private FuzzGateway(EmbeddedGateway gateway, List<X509Certificate> alice) {
        this.gateway = gateway;
        this.alice = alice;
    }

    /** Mints the certificates, writes the configuration into {@code dir} and builds the gateway from it. */
    static FuzzGateway in(Path dir) throws Exception {
        TestPki pki = TestPki.create(NOW);
        Credential server = pki.server("localhost");
        server.writeChain(dir.resolve("tls/server.pem"));
        server.writeKey(dir.resolve("tls/server.key"));
        Credential site2 = pki.server("site2.test");
        site2.writeChain(dir.resolve("tls/site2.pem"));
        site2.writeKey(dir.resolve("tls/site2.key"));
        pki.root().writeCertificate(dir.resolve("pki/root.pem"));
        pki.intermediate().writeCertificate(dir.resolve("pki/intermediate.pem"));
        PemFiles.writeCrl(dir.resolve("pki/intermediate.crl"), pki.intermediateCrl().build(), false);
        PemFiles.writeCrl(dir.resolve("pki/root.crl"), pki.rootCrl().build(), false);
        Credential alice = pki.client("alice").build();
        alice.writeCertificate(dir.resolve("clients/alice.pem"));
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.html"), "static\n");
        Files.writeString(dir.resolve("certgate.yaml"), CONFIG);
        EmbeddedGateway gateway = EmbeddedGateway.build(ConfigLoader.load(dir.resolve("certgate.yaml")),
                Clock.fixed(NOW, ZoneOffset.UTC));
        return new FuzzGateway(gateway, alice.chainWithoutRoot());
    }

    /** A new connection to site localhost, with alice's certificate or none. */
    ProxiedConnection connect(boolean withAlice) {
        return new ProxiedConnection(gateway, SITE, withAlice ? alice : List.of());
    }
}
