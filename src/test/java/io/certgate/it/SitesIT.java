package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.Curl;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Several sites chosen by SNI, Host checked against SNI, and the plain-HTTP listeners. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SitesIT {

    private World world;
    private RunningGateway gateway;
    private RunningGateway redirecting;

    @BeforeAll
    void start(@TempDir Path dir, @TempDir Path redirectDir) throws Exception {
        world = World.create(dir);
        Credential app = world.pki().server("app.example.com");
        app.writeChain(dir.resolve("tls/app.pem"));
        app.writeKey(dir.resolve("tls/app.key"));
        world.write("app/index.html", "<h1>the app site</h1>\n");
        String sites = """
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates: { mode: require, trustedRoots: [pki/root.pem] }
                    locations: [ { path: /, root: www } ]
                  - hosts: ["app.example.com"]
                    certificate: tls/app.pem
                    key: tls/app.key
                    locations: [ { path: /, root: app } ]
                """;
        gateway = RunningGateway.start(dir, """
                listen:
                  - address: 127.0.0.1:0
                  - address: 127.0.0.1:0
                    redirectToHttps: false
                """ + sites);
        World.create(redirectDir).write("app/index.html", "app\n");
        Credential again = world.pki().server("app.example.com");
        again.writeChain(redirectDir.resolve("tls/app.pem"));
        again.writeKey(redirectDir.resolve("tls/app.key"));
        redirecting = RunningGateway.start(redirectDir, """
                listen:
                  - address: 127.0.0.1:0
                  - address: 127.0.0.1:0
                    redirectToHttps: true
                """ + sites);
    }

    @AfterAll
    void stop() {
        gateway.close();
        redirecting.close();
    }

    @Test
    void eachServerNameGetsItsOwnSiteAndPolicy() {
        Curl.Response app = Curl.get("https://app.example.com:" + gateway.port() + "/")
                .resolve("app.example.com", gateway.port()).cacert(world.root()).run();
        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body()).contains("the app site");
        assertThat(world.curl(gateway, "/", null).run().code()).isEqualTo("403.7");
    }

    @Test
    void hostNamingAnotherSiteThanSniIsMisdirected() {
        Curl.Response response = world.curl(gateway, "/", World.VALID).header("Host", "app.example.com").run();
        assertThat(response.status()).isEqualTo(421);
        Curl.Response viaApp = Curl.get("https://app.example.com:" + gateway.port() + "/")
                .resolve("app.example.com", gateway.port()).cacert(world.root()).header("Host", "localhost").run();
        assertThat(viaApp.status()).as("the require site cannot be reached through the ignore site's handshake")
                .isEqualTo(421);
    }

    @Test
    void plainHttpGets403_4() {
        Curl.Response response = Curl.get("http://127.0.0.1:" + gateway.httpPort() + "/secret?x=1").run();
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("certgate-status")).isEqualTo("403.4 ssl-required");
    }

    @Test
    void plainHttpRedirectsToHttpsWhenConfigured() {
        Curl.Response response = Curl.get("http://localhost:" + redirecting.httpPort() + "/a/b?x=1").run();
        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).isEqualTo("https://localhost:" + redirecting.port() + "/a/b?x=1");
    }
}
