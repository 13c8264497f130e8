package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.BackendProcess;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.RawBackend;
import io.certgate.testing.World;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow HTTP/1.1 clients against the real {@code bin/certgate} with {@code http: {requestHeaderTimeout: 1s,
 * requestBodyTimeout: 1s}}: a trickled head is cut off with 408, a silent upload is cut off and its
 * backend connection closed, and a deep pipeline is answered in full and in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestDeadlinesIT {

    /** The deadline, what the timer may add (a quarter), and slack for a loaded machine. */
    private static final long CUT_OFF_WITHIN_MILLIS = 1000 + 250 + 1500;

    private World world;
    private BackendProcess echo;
    private RawBackend raw;
    private CertgateProcess gateway;
    private int httpsPort;
    private int httpPort;
    private int adminPort;
    private SSLContext tls;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        echo = BackendProcess.start();
        raw = RawBackend.start(Duration.ZERO);
        String proxies = "      - path: /api\n        clientCertificates: { mode: accept }\n        proxy: " + echo.url() + "\n"
                + "      - path: /raw\n        clientCertificates: { mode: accept }\n        proxy: " + raw.url() + "\n"
                + "      - path: /open\n";
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", """
                admin:
                  address: 127.0.0.1:0
                http:
                  requestHeaderTimeout: 1s
                  requestBodyTimeout: 1s
                """).replace("      - path: /open\n", proxies)
                .replace("listen:\n  - address: 127.0.0.1:0\n",
                        "listen:\n  - address: 127.0.0.1:0\n  - address: 127.0.0.1:0\n    protocol: http\n"));
        gateway = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        httpsPort = gateway.awaitListening();
        httpPort = Integer.parseInt(gateway.awaitLine(Pattern.compile("listening on http://[^ ]+:(\\d+)$"), 30).group(1));
        adminPort = Integer.parseInt(gateway.awaitLine(Pattern.compile("listening on http://[^ ]+:(\\d+) \\(admin\\)"), 30).group(1));
        tls = trusting(world);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        echo.close();
        raw.close();
    }

    @Test
    void aHeadTrickledOneByteEvery200MillisecondsGets408WithinTheDeadline() throws Exception {
        try (Socket socket = tlsSocket()) {
            Trickle trickle = trickle(socket, "GET /open/ HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + "a".repeat(200) + "\r\n\r\n");

            assertThat(trickle.answer).startsWith("HTTP/1.1 408 Request Timeout").contains("connection: close");
            assertThat(trickle.closed).as("closed after the 408").isTrue();
            assertThat(trickle.millis).isBetween(1000L, CUT_OFF_WITHIN_MILLIS);
        }
    }

    @Test
    void aHeadTrickledToThePlainListenerGets408Too() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort)) {
            Trickle trickle = trickle(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + "a".repeat(200) + "\r\n\r\n");

            assertThat(trickle.answer).startsWith("HTTP/1.1 408 Request Timeout");
            assertThat(trickle.millis).isBetween(1000L, CUT_OFF_WITHIN_MILLIS);
        }
    }

    @Test
    void aSilentUploadToAProxyIsCutOffAndItsBackendConnectionClosedNotPooled() throws Exception {
        int before = raw.accepted();
        try (Socket socket = tlsSocket()) {
            long start = System.nanoTime();
            write(socket, "POST /raw/upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n" + "x".repeat(10));

            String answer = readAll(socket);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout").contains("silent for more than 1 s");
            assertThat(millis).isBetween(1000L, CUT_OFF_WITHIN_MILLIS);
        }
        RawBackend.Closed closed = raw.awaitClosedAfter(10, Duration.ofSeconds(5));
        assertThat(closed).as("the backend connection was closed by the gateway").isNotNull();
        assertThat(closed.bodyBytes()).isEqualTo(10);
        assertThat(closed.connection()).isEqualTo(before + 1);

        // The next request needs a new backend connection: the half-sent one was not pooled.
        try (Socket socket = tlsSocket()) {
            write(socket, "GET /raw/after HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(readAll(socket)).startsWith("HTTP/1.1 200");
        }
        assertThat(raw.accepted()).isEqualTo(before + 2);
        assertThat(metric("request-body-timeout")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void twoHundredPipelinedRequestsAreAllAnsweredInOrder() throws Exception {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            requests.append("GET /api/pipelined?i=").append(i).append(" HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
        try (Socket socket = tlsSocket()) {
            write(socket, requests.toString()); // one write: more than 128 arrive before the first is answered
            InputStream in = socket.getInputStream();
            List<String> targets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String body = response(in);
                targets.add(body.lines().filter(l -> l.startsWith("target ")).findFirst().orElse(body));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add("target /api/pipelined?i=" + i);
            }
            assertThat(targets).containsExactlyElementsOf(expected);
        }
    }

    /** What a trickle got: the answer, whether the server then closed, and when (from the first byte). */
    private record Trickle(String answer, boolean closed, long millis) {
    }

    /** Sends {@code head} one byte every 200 ms until the server answers or closes (at most 20 s). */
    private static Trickle trickle(Socket socket, String head) throws IOException {
        socket.setSoTimeout(200);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        for (int i = 0; i < bytes.length && System.nanoTime() - start < 20_000_000_000L; i++) {
            try {
                out.write(bytes[i]);
                out.flush();
            } catch (IOException closedMeanwhile) {
                break;
            }
            try {
                int n = in.read();
                if (n < 0) {
                    return new Trickle(answer.toString(StandardCharsets.US_ASCII), true, elapsed(start));
                }
                answer.write(n);
                long at = elapsed(start);
                socket.setSoTimeout(5_000);
                String rest = readAll(in);
                return new Trickle(answer.toString(StandardCharsets.US_ASCII) + rest, true, at);
            } catch (SocketTimeoutException stillWaiting) {
                // the server is still reading: next byte
            }
        }
        return new Trickle(answer.toString(StandardCharsets.US_ASCII), false, elapsed(start));
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** One response's body (Content-Length framing, as the echo backend sends). */
    private static String response(InputStream in) throws IOException {
        String status = line(in);
        assertThat(status).startsWith("HTTP/1.1 200");
        long length = 0;
        for (String header; !(header = line(in)).isEmpty(); ) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(header.substring("content-length:".length()).trim());
            }
        }
        return new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed inside a response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String readAll(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        return readAll(socket.getInputStream());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (javax.net.ssl.SSLException | java.net.SocketException closed) {
            // a close without close_notify ends the answer too
        }
        return all.toString(StandardCharsets.US_ASCII);
    }

    private Socket tlsSocket() throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", httpsPort);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private double metric(String reason) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), adminPort)) {
            write(socket, "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            var m = Pattern.compile("certgate_bad_requests_total\\{reason=\"" + reason + "\"} (\\S+)").matcher(readAll(socket));
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        }
    }

    private static SSLContext trusting(World world) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", world.pki().root().certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
