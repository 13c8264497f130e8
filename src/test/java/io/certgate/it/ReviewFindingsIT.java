package io.certgate.it;

import static io.certgate.it.RecordedGateway.WAIT;
import static io.certgate.it.RecordedGateway.assertBadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.Curl;
import io.certgate.testing.HeaderField;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a review of the hardened gateway (issue 10) found still open, one behaviour per test,
 * through the real {@code bin/certgate} and the recording backend ({@link RecordedGateway}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewFindingsIT {

    /**
     * More client connections than certgate has event loops (pools are per loop): one of them is
     * sure to be served from the pool the CONNECT's backend connection went back to.
     */
    private static final int CONNECTIONS_TO_COVER_EVERY_LOOP = 16;

    private RecordedGateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) {
        gateway = RecordedGateway.start(dir, "");
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    /**
     * A backend that answers CONNECT 2xx turns its connection into a tunnel (RFC 9110 §9.3.6);
     * Netty's client codec then stops parsing HTTP on it. That connection must never carry
     * another client's request: here alice's payment would go into the anonymous client's
     * tunnel, and, once the codec sees the raw answer, be retried and so reach the backend twice.
     */
    @Test
    void connectNeverLeavesATunnelForTheNextClient() {
        int mark = gateway.backend().mark();
        // certgate is no forward proxy: CONNECT is refused before any backend sees it, so no
        // pooled connection can become one client's tunnel.
        RecordedGateway.assertBadRequest(gateway.rawExchange(null,
                "CONNECT /app" + RecordingBackend.TUNNEL + "x HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        List<String> payments = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS_TO_COVER_EVERY_LOOP; i++) {
            String path = "/admin/pay-" + i;
            payments.add(path);
            gateway.rawExchange("alice", "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
        }
        for (String path : payments) {
            gateway.backend().awaitRequest(mark, r -> r.target().equals(path), WAIT);
        }
        List<Received> since = gateway.backend().receivedSince(mark);
        assertThat(since).extracting(Received::method).doesNotContain("CONNECT");
        for (String path : payments) {
            assertThat(since).as("times " + path + " reached the backend (a POST is never retried)")
                    .filteredOn(r -> r.target().equals(path)).hasSize(1);
        }
    }

    /**
     * lighttpd (CGI, FastCGI and SCGI, hence PHP and Python behind it) maps every character of a
     * header name that is not a letter or digit to {@code _} (http_cgi_encode_varname), and Apache
     * 2.2 did the same: {@code X.Remote.User} is {@code HTTP_X_REMOTE_USER} there, exactly like
     * certgate's own header. nginx drops such names by default (ignore_invalid_headers).
     */
    @ParameterizedTest
    @ValueSource(strings = {"X.Remote.User", "X~Remote~User", "X-Remote.User", "X!Remote*User"})
    void punctuatedIdentityHeaderNamesNeverReachTheBackend(String name) {
        for (boolean http2 : List.of(false, true)) {
            int mark = gateway.backend().mark();
            String path = "/app/punctuated-" + (http2 ? "h2" : "h1");
            Curl curl = gateway.curl(path, null).header(name, "alice");
            Curl.Response answer = (http2 ? curl.http2() : curl.http1()).run();
            assertThat(answer.status()).as(answer.body() + answer.stderr()).isIn(200, 400);
            if (answer.status() == 200) {
                Received received = gateway.backend().awaitRequest(mark, r -> r.target().equals(path), WAIT);
                // certgate's own headers are spelled with letters, digits and '-'; any other spelling came from the client
                assertThat(received.headers()).as("headers a CGI-style backend reads as an identity header")
                        .extracting(HeaderField::name)
                        .filteredOn(n -> !n.matches("[A-Za-z0-9-]+"))
                        .noneMatch(n -> cgiName(n).equals("X_REMOTE_USER") || cgiName(n).equals("X_CLIENT_CERT_VERIFY"));
            }
        }
    }

    private static String cgiName(String header) {
        return header.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * RFC 9110 §15.2: a proxy forwards 1xx answers (or drops them); either way the final answer
     * must reach the client. A backend sending 103 Early Hints (RFC 8297) first must not leave
     * the client without an answer, nor put a stack trace in the log.
     */
    @Test
    void earlyHintsFromTheBackendStillAnswerAnHttp1Client() {
        int output = gateway.outputMark();
        Curl.Response answer = gateway.curl("/app" + RecordingBackend.EARLY_HINTS + "h1", null).http1().run();
        assertThat(answer.status()).as(answer.stderr()).isEqualTo(200);
        assertThat(answer.body()).contains("GET /app" + RecordingBackend.EARLY_HINTS + "h1 HTTP/1.1");
        gateway.assertNoStackTraceSince(output);
    }

    @Test
    void earlyHintsFromTheBackendStillAnswerAnHttp2Client() {
        int output = gateway.outputMark();
        Curl.Response answer = gateway.curl("/app" + RecordingBackend.EARLY_HINTS + "h2", null).http2().run();
        assertThat(answer.status()).as(answer.stderr()).isEqualTo(200);
        assertThat(answer.body()).contains("GET /app" + RecordingBackend.EARLY_HINTS + "h2 HTTP/1.1");
        gateway.assertNoStackTraceSince(output);
    }

    /**
     * RFC 9113 §8.1.1: content-length is optional on HTTP/2; a streamed upload (curl -T with
     * chunked, a browser's streaming fetch, gRPC) has none. README: "HTTP/2 DATA without
     * content-length: relayed as chunks". Netty's conversion marks such a request chunked, and
     * RequestHygiene refuses that on HTTP/2.
     */
    @Test
    void http2UploadWithoutContentLengthReachesTheBackend(@TempDir Path dir) throws IOException {
        Path upload = Files.writeString(dir.resolve("upload.txt"), "streamed body\n");
        int mark = gateway.backend().mark();
        Curl.Response answer = gateway.curl("/app/streamed-upload", null).http2()
                .arg("-T", upload.toString(), "-H", "Transfer-Encoding: chunked").run();
        assertThat(answer.status()).as(answer.body() + answer.stderr()).isEqualTo(200);
        Received received = gateway.backend().awaitRequest(mark, r -> r.target().equals("/app/streamed-upload"), WAIT);
        assertThat(received.bodyText()).isEqualTo("streamed body\n");
    }

    /**
     * Neither site serves {@code evil.test} and neither is the default ({@code "*"}), yet a client
     * that names it both in SNI and in Host is served by the first site, and its backend receives
     * {@code Host: evil.test}: a name certgate never judged (password-reset links, caches).
     */
    @Test
    void hostNamingNoSiteNeverReachesABackend() {
        int mark = gateway.backend().mark();
        RawTlsClient.Response answer;
        try (RawTlsClient client = RawTlsClient.connect(gateway.port(), gateway.world().pki().root().certificate(), null,
                "evil.test")) {
            answer = client.send("GET /app/unjudged-host HTTP/1.1\r\nHost: evil.test\r\n\r\n").readResponse();
        }
        assertThat(answer.status()).as(answer.toString()).isIn(400, 421);
        gateway.assertNothingReachedTheBackendSince(mark);
    }

    /**
     * README: "a segment ending in a dot or a space" is 400, because Windows drops them. The check
     * runs on the segment with its {@code ;parameters}, but servlet containers drop those first:
     * Tomcat reads {@code /admin.;x/secret} as {@code /admin./secret}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/admin.;x/secret", "/admin%20;x/secret", "/admin%2e;x/secret"})
    void segmentEndingInADotBehindParametersIsRefused(String path) {
        int mark = gateway.backend().mark();
        assertBadRequest(gateway.rawExchange(null, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        gateway.assertNothingReachedTheBackendSince(mark);
    }
}
