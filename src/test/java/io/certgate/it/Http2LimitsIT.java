package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.BackendProcess;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Http2FrameClient;
import io.certgate.testing.Processes;
import io.certgate.testing.RawBackend;
import io.certgate.testing.World;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 clients that try to hold more than their share, against the real {@code bin/certgate}
 * with {@code http.maxProxiedStreamsPerConnection: 4} and (for this test only) a 3 s idle timeout:
 * streams over the cap are refused before reaching the backend, PINGs do not keep a connection
 * alive, and floods are answered, counted, and leave no warning in the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2LimitsIT {

    private static final long IDLE_MILLIS = 3000;
    private static final long BACKEND_DELAY_MILLIS = 1500;

    private World world;
    private RawBackend slow;
    private BackendProcess echo;
    private CertgateProcess gateway;
    private int port;
    private int adminPort;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        slow = RawBackend.start(Duration.ofMillis(BACKEND_DELAY_MILLIS));
        echo = BackendProcess.start();
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", """
                admin:
                  address: 127.0.0.1:0
                http:
                  requestHeaderTimeout: 1s
                  requestBodyTimeout: 1s
                  maxProxiedStreamsPerConnection: 4
                  keepAliveTimeout: %dms
                """.formatted(IDLE_MILLIS)).replace("      - path: /open\n", "      - path: /slow\n        clientCertificates: { mode: accept }\n"
                + "        proxy: " + slow.url() + "\n      - path: /download\n        clientCertificates: { mode: accept }\n"
                + "        proxy: " + echo.url() + "\n      - path: /open\n"));
        gateway = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = gateway.awaitListening();
        adminPort = Integer.parseInt(gateway.awaitLine(Pattern.compile("listening on http://[^ ]+:(\\d+) \\(admin\\)"), 30).group(1));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        slow.close();
        echo.close();
    }

    @Test
    void streamsOverTheCapAreRefusedAndTheBackendNeverHoldsMoreThanTheCap() throws Exception {
        try (Http2FrameClient client = Http2FrameClient.connect(port, world.root())) {
            List<CompletableFuture<Http2FrameClient.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(client.get("/slow/" + i));
            }
            List<Http2FrameClient.Answer> got = new ArrayList<>();
            for (CompletableFuture<Http2FrameClient.Answer> answer : answers) {
                got.add(answer.get(15, TimeUnit.SECONDS));
            }

            assertThat(got).filteredOn(Http2FrameClient.Answer::refused).hasSize(2);
            assertThat(got).filteredOn(a -> a.status() == 200).hasSize(4);
            assertThat(slow.maxInFlight()).isEqualTo(4);
            // Places are given back as streams end.
            assertThat(client.get("/slow/after").get(15, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(metric("refused-stream")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aStreamWhoseUploadFallsSilentIsResetAndItsBackendConnectionClosed() throws Exception {
        try (Http2FrameClient client = Http2FrameClient.connect(port, world.root())) {
            long start = System.nanoTime();
            Http2FrameClient.Answer answer = client.unfinishedPost("/slow/upload", "0123456789").get(15, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(answer.resetCode()).isEqualTo(io.netty.handler.codec.http2.Http2Error.CANCEL.code());
            assertThat(millis).isBetween(1000L, 1000L + 250 + 1500);
            RawBackend.Closed closed = slow.awaitClosedAfter(10, Duration.ofSeconds(5));
            assertThat(closed).as("the backend connection was closed, not pooled").isNotNull();
            assertThat(closed.bodyBytes()).isEqualTo(10);
            assertThat(client.isOpen()).as("only the stream ends").isTrue();
        }
        assertThat(metric("request-body-timeout")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aConnectionThatOnlyPingsIsClosedAfterTheIdleTimeout() throws Exception {
        try (Http2FrameClient client = Http2FrameClient.connect(port, world.root())) {
            long start = System.nanoTime();
            while (client.isOpen() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
                client.ping(System.nanoTime());
                client.awaitClosed(Duration.ofMillis(250));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(client.isOpen()).as("closed although it pinged every 250 ms").isFalse();
            assertThat(millis).isBetween(IDLE_MILLIS - 100, IDLE_MILLIS + IDLE_MILLIS / 4 + 1500);
        }
    }

    /** The zero-window client: it reads nothing, pings, and must not hold backend connections for ever. */
    @Test
    void aClientThatReadsNothingButPingsLosesItsConnectionAfterTheIdleTimeout() throws Exception {
        try (Http2FrameClient client = Http2FrameClient.connect(port, world.root(),
                io.netty.handler.codec.http2.Http2Settings.defaultSettings().initialWindowSize(0))) {
            for (int i = 0; i < 4; i++) {
                client.get("/download/" + i + "/download?bytes=10000000");
            }
            long start = System.nanoTime();
            while (client.isOpen() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
                client.ping(System.nanoTime());
                client.awaitClosed(Duration.ofMillis(250));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(client.isOpen()).as("closed although it pinged every 250 ms").isFalse();
            assertThat(millis).isLessThan(IDLE_MILLIS + IDLE_MILLIS / 4 + 1500);
        }
    }

    @Test
    void aRapidResetFloodIsAnsweredCountedAndLeavesNoWarning() throws Exception {
        try (Http2FrameClient client = Http2FrameClient.connect(port, world.root())) {
            client.rapidReset("/open/", 1000);

            // The GOAWAY itself may not reach the client: closed with the rest of its flood unread,
            // the server's socket resets the connection, and the client's kernel drops what it had.
            assertThat(client.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
        // Counted as the GOAWAY ENHANCE_YOUR_CALM was written.
        assertThat(metric("http2-flood")).isGreaterThanOrEqualTo(1);
        assertNoWarnings();
    }

    @Test
    void aFloodOfSmallContinuationFramesIsAnsweredCountedAndLeavesNoWarning() throws Exception {
        continuationFlood(10, "http2-flood");
    }

    @Test
    void aHeaderBlockGrowingWithoutEndIsAnsweredCountedAndLeavesNoWarning() throws Exception {
        continuationFlood(16_000, "http2-protocol-error");
    }

    /** HEADERS without END_HEADERS, then CONTINUATION frames of {@code size} bytes that never end the block. */
    private void continuationFlood(int size, String reason) throws Exception {
        double before = metric(reason);
        try (Http2FrameClient client = Http2FrameClient.connect(port, world.root())) {
            client.raw(frame(0x1, 0, 1, new byte[] {(byte) 0x82, (byte) 0x87, (byte) 0x84})); // :method GET, :scheme https, :path /
            byte[] junk = new byte[size];
            java.util.Arrays.fill(junk, (byte) 0x40);
            for (int i = 0; i < 2000 && client.isOpen(); i++) {
                client.raw(frame(0x9, 0, 1, junk));
            }

            assertThat(client.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(metric(reason)).isGreaterThan(before);
        assertNoWarnings();
    }

    private void assertNoWarnings() {
        String output = gateway.output();
        assertThat(output).doesNotContain(" WARN ").doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** An HTTP/2 frame (RFC 9113 §4.1) of any type, as no client library would write it. */
    private static ByteBuf frame(int type, int flags, int streamId, byte[] payload) {
        return Unpooled.buffer(9 + payload.length).writeMedium(payload.length).writeByte(type).writeByte(flags)
                .writeInt(streamId).writeBytes(payload);
    }

    private double metric(String reason) {
        Processes.Result scrape = Processes.run(List.of("curl", "-sS", "http://127.0.0.1:" + adminPort + "/metrics"), null, null, 30);
        Matcher m = Pattern.compile("certgate_bad_requests_total\\{reason=\"" + reason + "\"} (\\S+)").matcher(scrape.stdout());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
