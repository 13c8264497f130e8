package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.OddCertificates;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client chains that do not decode, are too large, or hold a key too large to verify with get a
 * readable 403.16 from {@code bin/certgate} over HTTP/1.1 and HTTP/2, with either TLS provider,
 * instead of a dropped connection; a chain over what the TLS layer reads at all (256 KB) has its
 * handshake closed with one quiet log line. No stack trace reaches the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OddClientChainsIT {

    private World world;
    private final Map<String, CertgateProcess> gateways = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        world.addClient("crowded", OddCertificates.manyDnsNames(world.pki(), "crowded", 10_000));
        world.addClient("huge", OddCertificates.manyDnsNames(world.pki(), "huge", 16_000));
        world.addClient("bigkey", OddCertificates.clientOfCaWithRsaKeyOf(world.pki(), "bigkey", 16_384));
        world.addClient("brokenca", OddCertificates.clientOfCaWithBrokenSubjectAltName(world.pki(), "brokenca"));
        world.addClient("brokenleaf", OddCertificates.brokenSubjectAltName(world.pki(), "brokenleaf", false));
        assertThat(Files.size(world.clientPem("huge"))).as("PEM of more than 256 KB of DER").isGreaterThan(360_000);
        for (String provider : new String[] {"boringssl", "jdk"}) {
            world.write(provider + ".yaml", World.standardConfig("", "tls: { provider: " + provider + " }"));
            CertgateProcess gateway = CertgateProcess.start(dir, "run", "-c", provider + ".yaml");
            gateways.put(provider, gateway);
            ports.put(provider, gateway.awaitListening());
        }
    }

    @AfterAll
    void stop() {
        gateways.values().forEach(CertgateProcess::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void tenThousandNamesGet403_16ChainTooLargeOverHttp1AndHttp2(String provider) {
        for (Curl curl : new Curl[] {curl(provider, "crowded").http1(), curl(provider, "crowded").http2()}) {
            Curl.Response response = curl.run();
            assertThat(response.header("certgate-status")).as(response.stderr()).isEqualTo("403.16 client-certificate-untrusted");
            assertThat(response.body()).contains("more than maxChainBytes 102400");
        }
        assertNoStackTrace(provider);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void anRsaKeyOver8192BitsGets403_16(String provider) {
        for (Curl curl : new Curl[] {curl(provider, "bigkey").http1(), curl(provider, "bigkey").http2()}) {
            Curl.Response response = curl.run();
            assertThat(response.code()).as(response.stderr()).isEqualTo("403.16");
            assertThat(response.body()).contains("certificate 2 of the 2 the client sent has an RSA key of 16384 bits");
        }
        assertNoStackTrace(provider);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void aBrokenExtensionInTheChainGets403_16Malformed(String provider) {
        for (Curl curl : new Curl[] {curl(provider, "brokenca").http1(), curl(provider, "brokenca").http2()}) {
            Curl.Response response = curl.run();
            assertThat(response.header("certgate-status")).as(response.stderr()).isEqualTo("403.16 client-certificate-untrusted");
            assertThat(response.body()).contains("certificate 2 of the 2 the client sent cannot be read:"
                    + " extension subjectAltName (2.5.29.17) cannot be decoded");
        }
        assertNoStackTrace(provider);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void aBrokenClientCertificateGets403_16Malformed(String provider) {
        // curl (OpenSSL) will not load a certificate it cannot decode; the JDK's client sends it.
        try (RawTlsClient client = RawTlsClient.connect(ports.get(provider), world.pki().root().certificate(),
                world.client("brokenleaf"))) {
            RawTlsClient.Response response = client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Certgate-Status")).isEqualTo("403.16 client-certificate-untrusted");
            assertThat(response.bodyText()).contains("the client's certificate (1 of the 2 it sent) cannot be read:"
                    + " extension subjectAltName (2.5.29.17)");
        }
        assertNoStackTrace(provider);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void aChainOverWhatTheTlsLayerReadsIsClosedWithOneQuietLine(String provider) {
        CertgateProcess gateway = gateways.get(provider);
        Curl.Response h1 = curl(provider, "huge").http1().run();
        Curl.Response h2 = curl(provider, "huge").http2().run();

        assertThat(h1.status()).as("no answer: the TLS library refused the Certificate message").isZero();
        assertThat(h2.status()).isZero();
        gateway.awaitLine(Pattern.compile("TLS handshake with \\S+ failed: the TLS library refused the client's"
                + " certificates before certgate could judge them: "), 30);
        assertNoStackTrace(provider);
    }

    private Curl curl(String provider, String client) {
        return Curl.get("https://localhost:" + ports.get(provider) + "/").cacert(world.root())
                .cert(world.clientPem(client), world.clientKey(client));
    }

    private void assertNoStackTrace(String provider) {
        String output = gateways.get(provider).output();
        assertThat(output).doesNotContain("\tat ").doesNotContain("WARN").doesNotContain("ERROR");
    }
}
