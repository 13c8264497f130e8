package io.certgate.it;

import static io.certgate.it.RecordedGateway.WAIT;
import static io.certgate.it.RecordedGateway.assertBadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.ConnectionEnd;
import io.certgate.testing.Curl;
import io.certgate.testing.PrometheusText;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.World;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, framing: the backend receives one message per request certgate judged, framed by
 * certgate, and nothing of a request it refused. Every assertion is on what the recording
 * backend received, not only on what the client was told.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmugglingIT {

    /** Client connections after the attack: enough to land on every event loop's backend pool. */
    private static final int ROUNDS = 8;
    private static final int PIPELINED = 200;

    private RecordedGateway gateway;
    private RecordingBackendProcess backend;

    @BeforeAll
    void start(@TempDir Path dir) {
        gateway = RecordedGateway.start(dir, "");
        backend = gateway.backend();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length", "keep-alive, content-length", "Transfer-Encoding", "Host", "X-Remote-User"})
    void connectionNamingAFramingOrIdentityHeaderGets400AndNothingReachesTheBackend(String named) {
        int mark = backend.mark();
        int output = gateway.outputMark();
        boolean chunked = named.equalsIgnoreCase("Transfer-Encoding");
        RawTlsClient.Response answer = gateway.rawExchange(null, "POST /app/connection-names HTTP/1.1\r\n"
                + "Host: localhost\r\nAccept: text/plain\r\nConnection: " + named + "\r\n"
                + (named.equals("X-Remote-User") ? "X-Remote-User: alice\r\n" : "")
                + (chunked ? "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" : "Content-Length: 5\r\n\r\nhello"));
        assertBadRequest(answer);
        gateway.assertNothingReachedTheBackendSince(mark);
        gateway.assertNoStackTraceSince(output);
    }

    @Test
    void smuggledRequestInABodyNeverReachesTheBackendNorAnyoneElsesAnswer() {
        int mark = backend.mark();
        String smuggled = "GET /admin/secret HTTP/1.1\r\nHost: localhost\r\nX-Remote-User: alice\r\n\r\n";
        Optional<RawTlsClient.Response> attack;
        try (RawTlsClient attacker = gateway.raw(null)) {
            attack = attacker.send("POST /app/innocent HTTP/1.1\r\nHost: localhost\r\nConnection: Content-Length\r\n"
                    + "Content-Length: " + smuggled.length() + "\r\n\r\n" + smuggled).nextResponse();
        }
        List<String> mixups = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            exchange(World.VALID, "/admin/alice-" + i, mixups);
            exchange(null, "/app/anonymous-" + i, mixups);
        }
        List<Received> received = backend.receivedSince(mark);
        assertThat(received).as("what the backend received").noneMatch(r -> r.target().contains("/admin/secret"));
        assertThat(mixups).as("answers that were not for the client's own request").isEmpty();
        for (Received request : received) {
            if (request.target().startsWith("/admin/alice-")) {
                assertThat(request.headers("X-Remote-User")).as(request.toString()).containsExactly("alice");
            } else {
                assertThat(request.headers("X-Remote-User")).as(request.toString()).isEmpty();
            }
        }
        assertThat(attack).as("the attacker is answered").isPresent();
        assertBadRequest(attack.get());
    }

    /** One request on a new connection; records a mix-up when the answer is not for it. */
    private void exchange(String client, String path, List<String> mixups) {
        try (RawTlsClient connection = gateway.raw(client)) {
            Optional<RawTlsClient.Response> answer = connection
                    .send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").nextResponse();
            if (answer.isEmpty() || answer.get().status() != 200
                    || !answer.get().bodyText().endsWith(": GET " + path + " HTTP/1.1\n")) {
                mixups.add((client == null ? "anonymous" : client) + " asked " + path + ", got " + answer);
            }
        }
    }

    @Test
    void contentLengthBodyReachesTheBackendOnceWithExactlyItsBytes() {
        int mark = backend.mark();
        String body = "name=value&filler=" + "y".repeat(3000);
        RawTlsClient.Response answer = gateway.rawExchange(World.VALID, "POST /app/post-length HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertForwardedOnceFramedByCertgate(mark, "/app/post-length", body);
    }

    @Test
    void chunkedBodyReachesTheBackendOnceWithExactlyItsBytes() {
        int mark = backend.mark();
        RawTlsClient.Response answer = gateway.rawExchange(World.VALID, "POST /app/post-chunked HTTP/1.1\r\n"
                + "Host: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n1;ext=ignored\r\n \r\n5\r\nworld\r\n0\r\n\r\n");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertForwardedOnceFramedByCertgate(mark, "/app/post-chunked", "hello world");
    }

    /**
     * A GET is one message inside certgate (http.BodilessRequests); on the wire to the backend
     * it is still framed as the client framed it: no length when it sent none, its zero when it did.
     */
    @Test
    void aBodilessGetReachesTheBackendFramedAsTheClientFramedIt() {
        int mark = backend.mark();
        assertThat(gateway.rawExchange(World.VALID, "GET /app/no-length HTTP/1.1\r\nHost: localhost\r\n\r\n").status())
                .isEqualTo(200);
        assertThat(gateway.rawExchange(World.VALID, "GET /app/zero-length HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 0\r\n\r\n").status()).isEqualTo(200);

        Received none = backend.awaitRequest(mark, r -> r.target().equals("/app/no-length"), WAIT);
        Received zero = backend.awaitRequest(mark, r -> r.target().equals("/app/zero-length"), WAIT);
        assertThat(none.headers("Content-Length")).isEmpty();
        assertThat(none.headers("Transfer-Encoding")).isEmpty();
        assertThat(none.bodyText()).isEmpty();
        assertThat(zero.headers("Content-Length")).containsExactly("0");
        assertThat(zero.headers("Transfer-Encoding")).isEmpty();
        assertThat(zero.bodyText()).isEmpty();
    }

    @Test
    void requestTrailersNeverReachTheBackend() {
        int mark = backend.mark();
        RawTlsClient.Response answer = gateway.rawExchange(null, "POST /app/trailers HTTP/1.1\r\n"
                + "Host: localhost\r\nTransfer-Encoding: chunked\r\nTrailer: X-Remote-User, Content-Length\r\n\r\n"
                + "5\r\nhello\r\n0\r\nX-Remote-User: alice\r\nContent-Length: 5\r\n\r\n");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Received received = assertForwardedOnceFramedByCertgate(mark, "/app/trailers", "hello");
        assertThat(received.trailers()).as("trailer fields").isEmpty();
        assertThat(received.headers("X-Remote-User")).as("an anonymous client has no X-Remote-User").isEmpty();
    }

    /**
     * Exactly one request with this target, whose body is exactly {@code body}, framed either by
     * one Content-Length of its length or by chunked alone; and no backend connection saw bytes
     * its parser refused.
     */
    private Received assertForwardedOnceFramedByCertgate(int mark, String target, String body) {
        Received received = backend.awaitRequest(mark, r -> r.target().equals(target), WAIT);
        gateway.sentinel();
        assertThat(backend.receivedSince(mark)).as("requests for " + target)
                .filteredOn(r -> r.target().equals(target)).hasSize(1);
        assertThat(received.bodyText()).as("the body").isEqualTo(body);
        if (received.framing().equals("chunked")) {
            assertThat(received.headers("Transfer-Encoding")).containsExactly("chunked");
            assertThat(received.headers("Content-Length")).isEmpty();
        } else {
            assertThat(received.headers("Content-Length")).as(received.toString()).containsExactly(String.valueOf(body.length()));
            assertThat(received.headers("Transfer-Encoding")).isEmpty();
        }
        assertThat(received.headers("Host")).hasSize(1);
        assertThat(backend.endsSince(mark)).as("backend connections whose bytes did not parse")
                .noneMatch(e -> e.error() != null);
        return received;
    }

    /** What follows a valid first chunk: a bad chunk-size line, then (if it were read as valid) more data. */
    static Stream<Arguments> malformedChunkSizes() {
        return Stream.of(Arguments.of("letters", "ZZ\r\nworld\r\n0\r\n\r\n"),
                Arguments.of("hex-prefix", "0x5\r\nworld\r\n0\r\n\r\n"),
                Arguments.of("spaces", " 5 \r\nworld\r\n0\r\n\r\n"),
                Arguments.of("overflow", "FFFFFFFFFFFFFFFFFFFF\r\nworld\r\n0\r\n\r\n"),
                Arguments.of("bare-lf", "5\nworld\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedChunkSizes")
    void malformedChunkSizeNeverReachesTheBackendAsACompleteRequest(String label, String rest) {
        int mark = backend.mark();
        int output = gateway.outputMark();
        String path = "/app/bad-chunk-" + label;
        Optional<RawTlsClient.Response> answer;
        try (RawTlsClient client = gateway.raw(null)) {
            answer = client.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n" + rest).nextResponse();
        }
        assertThat(answer.map(RawTlsClient.Response::status)).as("the client's answer, if any").isNotEqualTo(Optional.of(200));
        if (answer.isPresent() && answer.get().status() == 400) {
            assertBadRequest(answer.get()); // a 400 is a refusal, in the refusals' style
        }
        backend.awaitNoPending(p -> p.headText().contains(path), WAIT);
        Received next = gateway.sentinel();
        assertThat(backend.receivedSince(mark)).as("complete requests at the backend").noneMatch(r -> r.target().equals(path));
        List<Integer> cutShort = backend.endsSince(mark).stream().filter(e -> e.leftoverText().contains(path))
                .map(ConnectionEnd::connection).toList();
        assertThat(cutShort).as("a backend connection that saw the anomaly is not reused").doesNotContain(next.connection());
        gateway.assertNoStackTraceSince(output);
    }

    /** What held up before issue 10 and must keep holding: each tries to make a backend read a second request. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nSMUGGLED",                   // CL.TE
        "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n",        // TE.CL
        "Transfer-Encoding: xchunked\r\nContent-Length: 8\r\n\r\nSMUGGLED",                            // obfuscated TE
        "Transfer-Encoding : chunked\r\nContent-Length: 8\r\n\r\nSMUGGLED",
        "Transfer-Encoding: chunked, identity\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n",
        "Content-Length: 0\r\nContent-Length: 8\r\n\r\nSMUGGLED",                                     // duplicate CL
        "Content-Length: 8\nX: bare-lf\r\n\r\nSMUGGLED"})                                              // bare LF
    void classicSmugglingNeverGetsASecondRequestToTheBackend(String framing) {
        int mark = backend.mark();
        String smuggled = "GET /admin/smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n";
        Optional<RawTlsClient.Response> answer;
        try (RawTlsClient client = gateway.raw(null)) {
            answer = client.send("POST /app/classic HTTP/1.1\r\nHost: localhost\r\n"
                    + framing.replace("SMUGGLED", smuggled.substring(0, 8)) + smuggled.substring(8)).nextResponse();
        }
        assertThat(answer).as("an answer").isPresent();
        gateway.sentinel();
        assertThat(backend.receivedSince(mark)).as("what the backend received")
                .noneMatch(r -> r.target().contains("smuggled") || !r.method().matches("GET|POST"));
        assertThat(backend.endsSince(mark)).as("backend connections whose bytes did not parse")
                .noneMatch(e -> e.error() != null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0, 5", "5, 5", "0x5", "12345678901234567890"})
    void malformedContentLengthGets400AndNothingReachesTheBackend(String value) {
        int mark = backend.mark();
        int output = gateway.outputMark();
        Optional<RawTlsClient.Response> answer;
        try (RawTlsClient client = gateway.raw(null)) {
            answer = client.send("POST /app/bad-length HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n"
                    + "Content-Length: " + value + "\r\n\r\nhello").nextResponse();
        }
        assertThat(answer).as("an answer, not a silent close").isPresent();
        assertBadRequest(answer.get());
        gateway.assertNothingReachedTheBackendSince(mark);
        gateway.assertNoStackTraceSince(output);
    }

    @Test
    void http10BackendAnswerKeepsTheClientsHttp11ConnectionOpen() {
        try (RawTlsClient client = gateway.raw(World.VALID)) {
            RawTlsClient.Response first = client.send("GET /app/http10/first HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
            assertThat(first.statusLine()).as(first.toString()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(first.bodyText()).endsWith(": GET /app/http10/first HTTP/1.1\n");
            assertThat(first.header("Connection")).as("the client's keep-alive is not ended").isNotEqualToIgnoringCase("close");
            RawTlsClient.Response second = client.send("GET /app/after-http10 HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.bodyText()).endsWith(": GET /app/after-http10 HTTP/1.1\n");
        }
    }

    /**
     * Each pipelined request is answered in order. A refusal of those over a limit must be an
     * answer with {@code Connection: close}, after which the connection closes: a client then
     * knows the rest went unanswered and may retry them (RFC 9112 §9.3.2).
     */
    @Test
    void twoHundredPipelinedRequestsAreAnsweredInOrderNeverSilentlyDropped() {
        int mark = backend.mark();
        StringBuilder burst = new StringBuilder();
        IntStream.rangeClosed(1, PIPELINED).forEach(i -> burst.append("GET /app/pipe-").append(i)
                .append(" HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        List<String> served = new ArrayList<>();
        try (RawTlsClient client = gateway.raw(null)) {
            client.send(burst.toString());
            for (int i = 1; i <= PIPELINED; i++) {
                Optional<RawTlsClient.Response> answer = client.nextResponse();
                assertThat(answer).as("answer to request %d of %d: the connection closed silently", i, PIPELINED).isPresent();
                if (answer.get().status() == 200) {
                    assertThat(answer.get().bodyText()).as("answer %d", i).endsWith(": GET /app/pipe-" + i + " HTTP/1.1\n");
                    served.add("/app/pipe-" + i);
                } else {
                    assertThat(answer.get().header("Connection")).as("a refusal ends the connection: " + answer.get())
                            .isEqualToIgnoringCase("close");
                    assertThat(client.closedByPeer(Duration.ofSeconds(5))).as("closed after the refusal").isTrue();
                    break;
                }
            }
        }
        gateway.sentinel();
        assertThat(backend.receivedSince(mark)).extracting(Received::target).filteredOn(t -> t.startsWith("/app/pipe-"))
                .as("what reached the backend is what was answered").containsExactlyElementsOf(served);
    }

    @Test
    void badRequestsAreCountedByReason() {
        double before = badRequests();
        RawTlsClient.Response answer = gateway.rawExchange(null, "POST /app/counted HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 0x5\r\n\r\nhello");
        assertBadRequest(answer);
        var family = PrometheusText.parse(scrape()).get("certgate_bad_requests_total");
        assertThat(family).as("certgate_bad_requests_total in /metrics").isNotNull();
        assertThat(family.labelSets()).allSatisfy(labels -> assertThat(labels.get("reason")).isNotBlank());
        assertThat(badRequests() - before).isEqualTo(1.0);
    }

    private String scrape() {
        Curl.Response metrics = Curl.get(gateway.adminUrl("/metrics")).run();
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.body();
    }

    private double badRequests() {
        var family = PrometheusText.parse(scrape()).get("certgate_bad_requests_total");
        return family == null ? 0 : family.samples().stream().filter(s -> s.name().equals("certgate_bad_requests_total"))
                .mapToDouble(PrometheusText.Sample::value).sum();
    }
}
