package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.CrlServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The downloader against a real HTTP server started here. */
class HttpDownloaderTest {

    @Test
    void timeoutsLongerThanAnIntOfMillisecondsStillWork() throws Exception {
        // URLConnection takes an int of milliseconds: 24.8 days at most. 25 days wrapped to a
        // negative number, which it refuses; the config accepts up to 365 days.
        HttpDownloader downloader = new HttpDownloader(Duration.ofDays(25), Duration.ofDays(25), 1 << 20);
        try (CrlServer server = CrlServer.start()) {
            server.serveBytes("/hello", "hello".getBytes(StandardCharsets.US_ASCII));

            assertThat(downloader.get(URI.create(server.url("/hello")))).asString(StandardCharsets.US_ASCII)
                    .isEqualTo("hello");
        }
    }
}
