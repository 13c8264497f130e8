package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.Curl;
import io.certgate.testing.KeepAliveClient;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Static files through curl: methods, conditional GET, content types, and no way out of the root. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticFilesIT {

    private World world;
    private RunningGateway gateway;
    private byte[] large;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        world.write("www/style.css", "body { color: teal }\n");
        world.write("www/data.json", "{\"ok\": true}\n");
        world.write("outside/secret.txt", "not for clients\n");
        Files.createSymbolicLink(dir.resolve("www/escape"), dir.resolve("outside"));
        large = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(large);
        Files.write(dir.resolve("www/large.bin"), large);
        gateway = RunningGateway.start(dir, World.standardConfig("", ""));
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    private Curl alice(String path) {
        return world.curl(gateway, path, World.VALID);
    }

    @Test
    void directoryServesItsIndexAndHeadSendsNoBody() {
        Curl.Response get = alice("/").run();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("content-type")).isEqualTo("text/html; charset=utf-8");
        Curl.Response head = alice("/").method("HEAD").run();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("content-length")).isEqualTo(String.valueOf(get.body().length()));
        // curl -I reads no body at all, so whether one came is seen on a kept-alive connection:
        // a body after the HEAD's headers would be taken for the next answer.
        try (KeepAliveClient connection = KeepAliveClient.connect(gateway.port(), "localhost",
                world.clientPem(World.VALID), world.clientKey(World.VALID))) {
            assertThat(connection.head("localhost", "/").status()).isEqualTo(200);
            KeepAliveClient.Response next = connection.get("localhost", "/");
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body()).isEqualTo(get.body());
        }
    }

    @Test
    void contentTypesFollowTheFileName() {
        assertThat(alice("/style.css").run().header("content-type")).startsWith("text/css");
        assertThat(alice("/data.json").run().header("content-type")).isEqualTo("application/json");
    }

    @Test
    void conditionalGetAnswers304() {
        Curl.Response first = alice("/style.css").run();
        String etag = first.header("etag");
        assertThat(etag).isNotBlank();
        assertThat(alice("/style.css").header("If-None-Match", etag).run().status()).isEqualTo(304);
        assertThat(alice("/style.css").header("If-Modified-Since", first.header("last-modified")).run().status())
                .isEqualTo(304);
        assertThat(alice("/style.css").header("If-None-Match", "\"other\"").run().status()).isEqualTo(200);
    }

    @Test
    void directoryWithoutSlashRedirects() {
        Curl.Response response = alice("/open").run();
        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).isEqualTo("/open/");
    }

    @Test
    void missingFileIs404AndPostIs405() {
        assertThat(alice("/missing.txt").run().status()).isEqualTo(404);
        Curl.Response post = alice("/").data("x=1").run();
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void largeFileArrivesWhole() throws Exception {
        Curl.Response response = alice("/large.bin").run();
        assertThat(response.status()).isEqualTo(200);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertThat(HexFormat.of().formatHex(sha.digest(response.bodyBytes())))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(large)));
    }

    @Test
    void noPathLeavesTheRoot() {
        for (String path : new String[] {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/open/..%2f..%2f..%2fetc/passwd",
                "/public/%2e%2e/%2e%2e/outside/secret.txt", "/%00", "/open/%c0%ae%c0%ae/secret"}) {
            Curl.Response response = alice(path).pathAsIs().run();
            assertThat(response.status()).as(path).isIn(400, 404);
            assertThat(response.body()).as(path).doesNotContain("root:").doesNotContain("not for clients");
        }
        Curl.Response symlink = alice("/escape/secret.txt").run();
        assertThat(symlink.status()).isEqualTo(404);
        assertThat(symlink.body()).doesNotContain("not for clients");
    }
}
