package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.CrlReason;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.CrlServer;
import io.certgate.testing.Curl;
import io.certgate.testing.ServerTls;
import io.certgate.testing.TestPki;
import io.certgate.testing.World;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * https:// CRL distribution points through {@code bin/certgate}: a real HTTPS server serves the
 * intermediate's CRL, its certificate trusted through the JVM's trust store as an administrator
 * sets it ({@code CERTGATE_JAVA_OPTS=-Djavax.net.ssl.trustStore=...}); a second HTTPS server whose
 * certificate chains to another CA gives no CRL, so {@code onUnavailable: deny} refuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsDistributionPointsIT {

    private static final String TRUST_STORE_PASSWORD = "it-trust-store";

    private World world;
    private CrlServer trusted;
    private CrlServer untrusted;
    private CertgateProcess gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        trusted = CrlServer.startHttps(ServerTls.presenting(world.pki().server("localhost")));
        TestPki other = TestPki.create(Instant.now(), "Other");
        untrusted = CrlServer.startHttps(ServerTls.presenting(other.server("localhost")));
        world.addClient("rita-revoked", world.pki().client("rita-revoked").crlDistributionPoint(trusted.url("/int.crl")).build());
        world.addClient("gus-good", world.pki().client("gus-good").crlDistributionPoint(trusted.url("/int.crl")).build());
        world.addClient("una-untrusted-cdp", world.pki().client("una-untrusted-cdp")
                .crlDistributionPoint(untrusted.url("/int.crl")).build());
        var crl = world.pki().intermediateCrl().revoke(world.client("rita-revoked"), CrlReason.KEY_COMPROMISE).build();
        trusted.serve("/int.crl", crl);
        untrusted.serve("/int.crl", crl);

        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry("certgate-tests-root", world.pki().root().certificate());
        Path trustStore = dir.resolve("trust/cdp-roots.p12");
        Files.createDirectories(trustStore.getParent());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            roots.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
        Files.writeString(dir.resolve("certgate.yaml"), """
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
                        fetchDistributionPoints: true
                        onUnavailable: deny
                        connectTimeout: 2s
                        readTimeout: 5s
                        scope: leaf
                    locations:
                      - path: /
                        root: www
                errors:
                  detail: internal
                """);
        Map<String, String> jvm = Map.of("CERTGATE_JAVA_OPTS", "-Djavax.net.ssl.trustStore=" + trustStore
                + " -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=" + TRUST_STORE_PASSWORD);
        gateway = CertgateProcess.startChecked(dir, jvm, "certgate.yaml");
        port = gateway.awaitListening();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (trusted != null) {
            trusted.close();
        }
        if (untrusted != null) {
            untrusted.close();
        }
    }

    private Curl.Response as(String client) {
        return world.curl(port, "/", client).header("Accept", "text/plain").run();
    }

    @Test
    void aCertificateTheHttpsCrlRevokesGets403_13() {
        Curl.Response response = as("rita-revoked");
        assertThat(response.code()).as("%s%n%s", response.body(), gateway.output()).isEqualTo("403.13");
        assertThat(response.body()).contains("according to crl:https://localhost:").doesNotContain("is unknown");
        assertThat(trusted.requests("/int.crl")).isPositive();
    }

    @Test
    void aCertificateTheHttpsCrlDoesNotListGets200() {
        Curl.Response response = as("gus-good");
        assertThat(response.status()).as("%s%n%s", response.body(), gateway.output()).isEqualTo(200);
    }

    @Test
    void aDistributionPointWhoseTlsCertificateIsNotTrustedIsAnUnavailableCrl() {
        Curl.Response response = as("una-untrusted-cdp");
        assertThat(response.code()).as("%s%n%s", response.body(), gateway.output()).isEqualTo("403.13");
        assertThat(response.body()).contains("cannot be read over TLS from localhost:");
        assertThat(untrusted.requests("/int.crl")).as("no request reached a server that failed the handshake").isZero();
    }
}
