package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.ConnectionEnd;
import io.certgate.testing.Curl;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The real {@code bin/certgate} in front of a {@link RecordingBackendProcess}, for the tests of
 * issue 10 ("nothing unjudged reaches a backend"). One site, {@code localhost}, mode accept:
 *
 * <ul>
 *   <li>{@code /app}: proxied, no access rule;</li>
 *   <li>{@code /admin}: proxied, only the account {@code alice} (alice's certificate, mapped
 *       one-to-one) may pass; {@code nobody}'s certificate maps to no account and gets 403.12;</li>
 *   <li>{@code /}: proxied, no access rule (so that a path that escapes /admin's judgement would
 *       still reach the backend);</li>
 * </ul>
 * and a second site {@code site2.test} proxying {@code /} to the same backend. The access log
 * (W3C) is {@code logs/access.log}; the admin listener serves /metrics.
 */
final class RecordedGateway implements AutoCloseable {

    static final String NOBODY = "nobody";
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern ADMIN = Pattern.compile("listening on http://[^ ]+:(\\d+) \\(admin\\)");
    /** Output lines that betray an exception reaching the log. */
    private static final List<String> STACK_TRACE_SIGNS = List.of("\tat ", "Exception");

    private final World world;
    private final RecordingBackendProcess backend;
    private final CertgateProcess certgate;
    private final int port;
    private final int adminPort;
    private final AtomicInteger sentinels = new AtomicInteger();

    private RecordedGateway(World world, RecordingBackendProcess backend, CertgateProcess certgate) {
        this.world = world;
        this.backend = backend;
        this.certgate = certgate;
        this.port = certgate.awaitListening();
        this.adminPort = Integer.parseInt(certgate.awaitLine(ADMIN, 60).group(1));
    }

    /** Starts both processes in {@code dir}; {@code topLevel} is YAML added at the config's top level. */
    static RecordedGateway start(Path dir, String topLevel) {
        World world = World.create(dir);
        RecordingBackendProcess backend = null;
        try {
            world.addClient(NOBODY, world.pki().client(NOBODY).build());
            Credential site2 = world.pki().server("site2.test");
            site2.writeChain(dir.resolve("tls/site2.pem"));
            site2.writeKey(dir.resolve("tls/site2.key"));
            backend = RecordingBackendProcess.start(dir.resolve("backend.jsonl"));
            Files.writeString(dir.resolve("certgate.yaml"), config(backend.url(), topLevel));
        } catch (IOException e) {
            if (backend != null) {
                backend.close();
            }
            throw new UncheckedIOException(e);
        }
        CertgateProcess certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        try {
            return new RecordedGateway(world, backend, certgate);
        } catch (RuntimeException | AssertionError e) {
            certgate.close(); // it did not come up: leave no process behind
            backend.close();
            throw e;
        }
    }

    private static String config(String backend, String topLevel) {
        return """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: accept
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                      revocation: { crlFiles: [pki/intermediate.crl] }
                    accounts:
                      alice: { groups: [admins] }
                    oneToOneMappings:
                      - certificate: clients/alice.pem
                        userName: alice
                    locations:
                      - path: /app
                        proxy: %1$s
                      - path: /admin
                        access: { allowUsers: [alice] }
                        proxy: %1$s
                      - path: /
                        proxy: %1$s
                  - hosts: ["site2.test"]
                    certificate: tls/site2.pem
                    key: tls/site2.key
                    locations:
                      - path: /
                        proxy: %1$s
                accessLog:
                  file: logs/access.log
                admin:
                  address: 127.0.0.1:0
                %2$s
                """.formatted(backend, topLevel);
    }

    World world() {
        return world;
    }

    RecordingBackendProcess backend() {
        return backend;
    }

    int port() {
        return port;
    }

    String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    Path accessLog() {
        return world.dir().resolve("logs/access.log");
    }

    /** curl to {@code https://localhost:PORT/path} as the named client (none when null). */
    Curl curl(String path, String client) {
        return world.curl(port, path, client);
    }

    /** A raw TLS connection (SNI localhost) as the named client (none when null). */
    RawTlsClient raw(String client) {
        return RawTlsClient.connect(port, world.pki().root().certificate(), client == null ? null : world.client(client));
    }

    /** One request sent raw on a new connection, and its answer. */
    RawTlsClient.Response rawExchange(String client, String request) {
        try (RawTlsClient connection = raw(client)) {
            return connection.send(request).readResponse();
        }
    }

    /** A position in certgate's output, for {@link #assertNoStackTraceSince}. */
    int outputMark() {
        return certgate.output().length();
    }

    void assertNoStackTraceSince(int mark) {
        String since = certgate.output().substring(mark);
        for (String sign : STACK_TRACE_SIGNS) {
            assertThat(since).as("certgate's output after the request").doesNotContain(sign);
        }
    }

    /** The answer is certgate's refusal: 400, {@code Certgate-Status: 400 bad-request}, a sentence. */
    static void assertBadRequest(RawTlsClient.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.header("Certgate-Status")).as(answer.toString()).isEqualTo("400 bad-request");
        assertThat(answer.bodyText()).as("a sentence saying what was wrong").containsPattern("\\w+ \\w+ \\w+");
    }

    static void assertBadRequest(Curl.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("Certgate-Status")).as(answer.body()).isEqualTo("400 bad-request");
        assertThat(answer.body()).as("a sentence saying what was wrong").containsPattern("\\w+ \\w+ \\w+");
    }

    /**
     * A request of another client through certgate, awaited at the backend: once it is there,
     * whatever certgate forwarded before it on its way out has arrived too.
     */
    Received sentinel() {
        int mark = backend.mark();
        String path = "/app/sentinel-" + sentinels.incrementAndGet();
        RawTlsClient.Response answer = rawExchange(null, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(answer.status()).as("the next client is served: " + answer).isEqualTo(200);
        assertThat(answer.bodyText()).as("the next client gets its own answer").endsWith(": GET " + path + " HTTP/1.1\n");
        Received received = backend.awaitRequest(mark, r -> r.target().equals(path), WAIT);
        assertThat(received.headers("Host")).as("the backend gets exactly one Host").hasSize(1);
        return received;
    }

    /**
     * Nothing since {@code mark} reached the backend but the sentinel: no other request, and no
     * request begun (pending or left at a close) on any connection.
     */
    void assertNothingReachedTheBackendSince(int mark) {
        Received sentinel = sentinel();
        assertThat(backend.receivedSince(mark)).as("requests the backend received")
                .extracting(Received::requestLine).containsExactly(sentinel.requestLine());
        assertThat(backend.endsSince(mark)).as("connections that ended with bytes pending")
                .noneMatch(ConnectionEnd::pending);
        assertThat(backend.pendingSince(mark)).as("requests begun on open connections").isEmpty();
    }

    @Override
    public void close() {
        try {
            certgate.close();
        } finally {
            backend.close();
        }
    }
}
