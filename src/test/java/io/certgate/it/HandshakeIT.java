package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.OpenSslClient;
import io.certgate.testing.Processes;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the TLS handshake shows to {@code openssl s_client}: the CA names in the
 * CertificateRequest (SPEC §1.3), no CertificateRequest where every location ignores
 * certificates, the site SNI picks, TLS 1.2/1.3 only, ALPN. Each test runs on both providers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeIT {

    private static final String ROOT_NAME = "O = certgate tests, CN = Test Root CA";
    private static final String INTERMEDIATE_NAME = "O = certgate tests, CN = Test Issuing CA";

    private World boringWorld;
    private World jdkWorld;
    private RunningGateway boringSsl;
    private RunningGateway jdk;

    @BeforeAll
    void start(@TempDir Path boringDir, @TempDir Path jdkDir) throws Exception {
        boringWorld = World.create(boringDir);
        boringSsl = RunningGateway.start(boringDir, config("boringssl", boringWorld));
        jdkWorld = World.create(jdkDir);
        jdk = RunningGateway.start(jdkDir, config("jdk", jdkWorld));
    }

    private static String config(String provider, World files) throws Exception {
        Path dir = files.dir();
        Credential shared = files.pki().server("localhost", "none.example", "list.example");
        shared.writeChain(dir.resolve("tls/shared.pem"));
        shared.writeKey(dir.resolve("tls/shared.key"));
        Credential open = files.pki().server("open.example");
        open.writeChain(dir.resolve("tls/open.pem"));
        open.writeKey(dir.resolve("tls/open.key"));
        return """
                tls: { provider: %s }
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/shared.pem
                    key: tls/shared.key
                    clientCertificates: { mode: require, trustedRoots: [pki/root.pem], intermediates: [pki/intermediate.pem] }
                    locations: [ { path: /, root: www } ]
                  - hosts: ["none.example"]
                    certificate: tls/shared.pem
                    key: tls/shared.key
                    clientCertificates: { mode: require, trustedRoots: [pki/root.pem], advertise: none }
                    locations: [ { path: /, root: www } ]
                  - hosts: ["list.example"]
                    certificate: tls/shared.pem
                    key: tls/shared.key
                    clientCertificates: { mode: accept, trustedRoots: [pki/root.pem], advertise: [pki/intermediate.pem] }
                    locations: [ { path: /, root: www } ]
                  - hosts: ["open.example", "*"]
                    certificate: tls/open.pem
                    key: tls/open.key
                    locations: [ { path: /, root: www } ]
                """.formatted(provider);
    }

    @AfterAll
    void stop() {
        boringSsl.close();
        jdk.close();
    }

    private RunningGateway gateway(String provider) {
        return provider.equals("jdk") ? jdk : boringSsl;
    }

    private static Processes.Result handshake(RunningGateway gateway, String serverName, String... args) {
        return OpenSslClient.connect(gateway.port()).serverName(serverName).arg(args).run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void certificateRequestNamesTheTrustedRootsByDefault(String provider) {
        String out = handshake(gateway(provider), "localhost").stdout();
        assertThat(OpenSslClient.acceptableCaNames(out)).containsExactly(ROOT_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void advertiseNoneSendsAnEmptyCaList(String provider) {
        String out = handshake(gateway(provider), "none.example").stdout();
        assertThat(out).contains("No client certificate CA names sent");
        assertThat(OpenSslClient.acceptableCaNames(out)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void advertiseListSendsTheNamesOfTheListedFiles(String provider) {
        String out = handshake(gateway(provider), "list.example").stdout();
        assertThat(OpenSslClient.acceptableCaNames(out)).containsExactly(INTERMEDIATE_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void siteWhoseLocationsAllIgnoreCertificatesSendsNoCertificateRequest(String provider) {
        // -msg lists every handshake message the server sent; s_client's CA-name lines alone
        // cannot tell "no CertificateRequest" from "a CertificateRequest with no names".
        String open = handshake(gateway(provider), "open.example", "-msg").stdout();
        assertThat(open).contains("subject=CN = open.example").doesNotContain("CertificateRequest");
        String required = handshake(gateway(provider), "localhost", "-msg").stdout();
        assertThat(required).contains("CertificateRequest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void unknownServerNameGetsTheDefaultSite(String provider) {
        String out = handshake(gateway(provider), "unknown.example").stdout();
        assertThat(out).contains("subject=CN = open.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void tls12AndTls13AreSpoken(String provider) {
        assertThat(handshake(gateway(provider), "localhost", "-tls1_2").stdout()).contains("Protocol  : TLSv1.2");
        assertThat(handshake(gateway(provider), "localhost", "-tls1_3").stdout()).contains("TLSv1.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void tls11IsRefused(String provider) {
        // SECLEVEL=0 lets the client offer TLS 1.1 at all; the server must still refuse it.
        Processes.Result result = handshake(gateway(provider), "localhost", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(result.all()).contains("Cipher is (NONE)").contains("alert protocol version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void alpnNegotiatesHttp2AndHttp11(String provider) {
        assertThat(handshake(gateway(provider), "localhost", "-alpn", "h2").stdout()).contains("ALPN protocol: h2");
        assertThat(handshake(gateway(provider), "localhost", "-alpn", "http/1.1").stdout())
                .contains("ALPN protocol: http/1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void sClientWithAValidCertificateGets200AndWithAnExpiredOne403_17(String provider) {
        World files = provider.equals("jdk") ? jdkWorld : boringWorld;
        Processes.Result ok = OpenSslClient.connect(gateway(provider).port()).serverName("localhost")
                .cert(files.clientPem(World.VALID), files.clientKey(World.VALID))
                .request("localhost", "/").run();
        assertThat(ok.stdout()).contains("HTTP/1.1 200 OK");
        Processes.Result expired = OpenSslClient.connect(gateway(provider).port()).serverName("localhost")
                .cert(files.clientPem(World.EXPIRED), files.clientKey(World.EXPIRED))
                .request("localhost", "/").run();
        assertThat(expired.stdout()).contains("HTTP/1.1 403 Forbidden")
                .containsIgnoringCase("certgate-status: 403.17 client-certificate-expired");
    }
}
