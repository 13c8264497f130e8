package io.certgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The recording backend as a process: what it records, and how it answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingBackendTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private RecordingBackendProcess backend;

    @BeforeAll
    void start(@TempDir Path dir) {
        backend = RecordingBackendProcess.start(dir.resolve("record.jsonl"));
    }

    @AfterAll
    void stop() {
        backend.close();
    }

    private static String exchange(Socket socket, String request) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        socket.shutdownOutput();
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void recordsEachCompleteRequestAndThePartialOneLeftAtTheClose() throws Exception {
        int mark = backend.mark();
        String answers;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), backend.port())) {
            socket.setSoTimeout(10_000);
            answers = exchange(socket, "POST /one HTTP/1.1\r\nHost: h\r\ncontent-length: 3\r\n\r\nabc"
                    + "POST /two HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-T: 1\r\n\r\n"
                    + "POST /three HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nshort");
        }
        // Another test's connection may end after the mark too: wait for this one's.
        ConnectionEnd end = backend.awaitEnd(mark, e -> e.leftoverText().startsWith("POST /three"), WAIT);
        List<Received> received = backend.receivedSince(mark);
        assertThat(received).extracting(Received::requestLine).containsExactly("POST /one HTTP/1.1", "POST /two HTTP/1.1");
        assertThat(received.get(0).headers()).containsExactly(new HeaderField("Host", "h"), new HeaderField("content-length", "3"));
        assertThat(received.get(0).bodyText()).isEqualTo("abc");
        assertThat(received.get(1).framing()).isEqualTo("chunked");
        assertThat(received.get(1).bodyText()).isEqualTo("hi");
        assertThat(received.get(1).trailers()).containsExactly(new HeaderField("X-T", "1"));
        assertThat(end.connection()).isEqualTo(received.get(0).connection());
        assertThat(end.requests()).isEqualTo(2);
        assertThat(end.error()).isNull();
        assertThat(end.pending()).isTrue();
        assertThat(end.leftoverText()).isEqualTo("POST /three HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nshort");
        assertThat(answers).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: keep-alive\r\n")
                .contains(received.get(0).answer()).endsWith(received.get(1).answer());
        assertThat(received.get(0).answer()).isEqualTo("connection " + end.connection() + " request 1: POST /one HTTP/1.1\n");
    }

    @Test
    void aRequestCutShortShowsAsPendingWhileItsConnectionIsOpen() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), backend.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /pending-test HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Partial partial = awaitPending("/pending-test");
            assertThat(partial.headText()).endsWith("\r\n\r\nabc");
            assertThat(partial.length()).isEqualTo(partial.head().length);
        }
        backend.awaitNoPending(p -> p.headText().contains("/pending-test"), WAIT);
    }

    private Partial awaitPending(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Partial partial : backend.pendingNow()) {
                if (partial.headText().contains(text)) {
                    return partial;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not pending: " + text + " in " + backend.pendingNow());
    }

    @Test
    void malformedBytesAreRecordedWithTheReasonAndTheConnectionCloses() throws Exception {
        int mark = backend.mark();
        String answers;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), backend.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1); // closed by the backend
        }
        // Another test's connection may end after the mark too: wait for the one that broke off.
        ConnectionEnd end = backend.awaitEnd(mark, e -> e.error() != null, WAIT);
        assertThat(end.error()).contains("bare LF");
        assertThat(end.leftoverText()).startsWith("GET /bad HTTP/1.1\n");
        assertThat(backend.receivedSince(mark)).extracting(Received::target).containsExactly("/ok");
        assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(2);
    }

    @Test
    void http10MarkerGetsAnHttp10AnswerAndAClose() throws Exception {
        String answer;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), backend.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /app/http10/x HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(answer).startsWith("HTTP/1.0 200 OK\r\n").contains("Content-Length: ").doesNotContainPattern("(?im)^connection:")
                .endsWith(": GET /app/http10/x HTTP/1.1\n");
    }
}
