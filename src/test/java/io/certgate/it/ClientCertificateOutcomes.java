package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.Curl;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client-certificate outcome of SPEC §4, through real TLS handshakes made by curl, over
 * HTTP/1.1 and HTTP/2. Run once per TLS provider by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientCertificateOutcomes {

    World world;
    RunningGateway gateway;

    /** The tls.provider value to run with. */
    abstract String provider();

    @BeforeAll
    void start(@TempDir Path dir) {
        world = World.create(dir);
        gateway = RunningGateway.start(dir, World.standardConfig("", "tls: { provider: " + provider() + " }"));
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    Curl.Response get(String path, String client) {
        return world.curl(gateway, path, client).run();
    }

    @Test
    void validCertificateGets200() {
        Curl.Response response = get("/", World.VALID);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("hello from the root");
        assertThat(response.header("certgate-status")).isNull();
    }

    @Test
    void noCertificateOnRequireGets403_7() {
        Curl.Response response = get("/", null);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("certgate-status")).isEqualTo("403.7 client-certificate-required");
    }

    @Test
    void revokedCertificateGets403_13() {
        Curl.Response response = get("/", World.REVOKED);
        assertThat(response.header("certgate-status")).isEqualTo("403.13 client-certificate-revoked");
        assertThat(response.body()).contains("CN=" + World.REVOKED).contains("keyCompromise");
    }

    @Test
    void certificateFromUntrustedCaGets403_16() {
        Curl.Response response = get("/", World.UNTRUSTED);
        assertThat(response.header("certgate-status")).isEqualTo("403.16 client-certificate-untrusted");
        assertThat(response.body()).contains("no path to a trusted root").contains("Rogue");
    }

    @Test
    void certificateWithoutClientAuthPurposeGets403_16() {
        Curl.Response response = get("/", World.NOT_FOR_CLIENTS);
        assertThat(response.code()).isEqualTo("403.16");
        assertThat(response.body()).contains("clientAuth");
    }

    @Test
    void expiredCertificateGets403_17() {
        Curl.Response response = get("/", World.EXPIRED);
        assertThat(response.header("certgate-status")).isEqualTo("403.17 client-certificate-expired");
        assertThat(response.body()).contains("certificate CN=" + World.EXPIRED + " expired at");
    }

    @Test
    void expiredIntermediateGets403_17NamingTheCa() {
        Curl.Response response = get("/", World.CA_EXPIRED);
        assertThat(response.code()).isEqualTo("403.17");
        assertThat(response.body()).contains("CA certificate CN=Expired Issuing CA expired at");
    }

    @Test
    void acceptModeLetsClientWithoutCertificateIn() {
        assertThat(get("/open/", null).status()).isEqualTo(200);
    }

    @Test
    void acceptModeStillRefusesAnInvalidCertificate() {
        assertThat(get("/open/", World.EXPIRED).code()).isEqualTo("403.17");
    }

    @Test
    void ignoreModeDiscardsEvenAnUntrustedCertificate() {
        Curl.Response response = get("/public/", World.UNTRUSTED);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("public area");
    }

    @Test
    void sameAnswersOverHttp1AndHttp2() {
        assertThat(world.curl(gateway, "/", World.EXPIRED).http1().run().code()).isEqualTo("403.17");
        assertThat(world.curl(gateway, "/", World.EXPIRED).http2().run().code()).isEqualTo("403.17");
        assertThat(world.curl(gateway, "/", World.VALID).http1().run().status()).isEqualTo(200);
        assertThat(world.curl(gateway, "/", World.VALID).http2().run().status()).isEqualTo(200);
    }

    @Test
    void refusalIsJsonWhenAskedFor() {
        Curl.Response response = world.curl(gateway, "/", World.UNTRUSTED)
                .header("Accept", "application/json").run();
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.body()).contains("\"status\":403", "\"substatus\":16",
                "\"reason\":\"client-certificate-untrusted\"", "\"detail\":");
    }

    @Test
    void refusalIsHtmlForBrowsers() {
        Curl.Response response = world.curl(gateway, "/", null)
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").run();
        assertThat(response.header("content-type")).startsWith("text/html");
        assertThat(response.body()).contains("403.7", "Client certificate required");
    }
}
