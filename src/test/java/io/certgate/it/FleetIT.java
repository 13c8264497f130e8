package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.CrlReason;
import io.certgate.pki.PemFiles;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.HaproxyProcess;
import io.certgate.testing.LogFiles;
import io.certgate.testing.OpenSslClient;
import io.certgate.testing.Processes;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.Slapd;
import io.certgate.testing.World;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on one machine: the Debian HAProxy in TCP mode with {@code send-proxy-v2}, checking each
 * instance's {@code /readyz}, in front of three real {@code bin/certgate run} processes that share
 * session ticket keys and trust PROXY headers from 127.0.0.1 only. The clients (curl, openssl
 * s_client, the JDK's TLS) reach HAProxy only; which instance served a request is read from that
 * instance's own access log. The figures (requests sent and failed during the rolling restart,
 * resumptions across instances) are printed. The three tests share one fleet and pass in any
 * order: each names its requests uniquely, revokes only its own client, and the rolling restart
 * ends with every instance up again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetIT {

    private static final int INSTANCES = 3;
    /** A loopback address other than HAProxy's own 127.0.0.1, so that it can only come from the PROXY header. */
    private static final String CLIENT = "127.0.0.7";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String DAN = "dan";

    /** One fleet for the class: starting three JVMs per test would take most of the time budget. */
    @TempDir
    static Path dir;

    private World world;
    private RecordingBackendProcess backend;
    private final List<HaproxyProcess.Instance> addresses = new ArrayList<>();
    private final CertgateProcess[] instances = new CertgateProcess[INSTANCES];
    private HaproxyProcess haproxy;

    @BeforeAll
    void startFleet() throws Exception {
        world = World.create(dir);
        world.addClient(DAN, world.pki().client(DAN).build());
        backend = RecordingBackendProcess.start(dir.resolve("backend.jsonl"));
        for (String key : List.of("keys/current.key", "keys/previous.key")) {
            Processes.Result written = CertgateProcess.run(dir, "pki", "ticket-key", "--out", key);
            assertThat(written.exitCode()).as(written.all()).isZero();
        }
        for (int i = 1; i <= INSTANCES; i++) {
            // Fixed ports: an instance restarts where HAProxy's configuration expects it.
            HaproxyProcess.Instance address = new HaproxyProcess.Instance(Slapd.freePort(), Slapd.freePort());
            addresses.add(address);
            Files.copy(dir.resolve("pki/intermediate.crl"), dir.resolve("pki/intermediate-" + i + ".crl"));
            Files.writeString(dir.resolve("certgate-" + i + ".yaml"), instanceConfig(i, address));
        }
        for (int i = 1; i <= INSTANCES; i++) {
            instances[i - 1] = start(i);
        }
        for (int i = 1; i <= INSTANCES; i++) {
            instances[i - 1].awaitListening();
        }
        haproxy = HaproxyProcess.fleet(dir, addresses);
        for (int i = 1; i <= INSTANCES; i++) {
            haproxy.awaitServerState("certgate" + i, "UP", PATIENCE);
        }
    }

    @AfterAll
    void stopFleet() {
        for (AutoCloseable running : new AutoCloseable[] {haproxy, instances[0], instances[1], instances[2], backend}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception ignored) {
                // stopping a test process
            }
        }
    }

    private String instanceConfig(int i, HaproxyProcess.Instance address) {
        return World.standardConfig("", """
                tls:
                  sessionTickets:
                    keyFiles: [keys/current.key, keys/previous.key]
                shutdown:
                  drainDelay: 2s
                  timeout: 10s
                accessLog:
                  file: logs/access-%d.log
                  format: w3c
                admin:
                  address: 127.0.0.1:%d
                """.formatted(i, address.adminPort()))
                .replace("  - address: 127.0.0.1:0\n", """
                          - address: 127.0.0.1:%d
                            proxyProtocol: { versions: [2], trustedFrom: [127.0.0.1/32] }
                        """.formatted(address.port()))
                .replace("pki/intermediate.crl", "pki/intermediate-" + i + ".crl")
                .replace("      - path: /open\n", "      - path: /app\n        proxy: " + backend.url() + "\n      - path: /open\n");
    }

    private CertgateProcess start(int i) {
        return CertgateProcess.start(dir, "run", "-c", "certgate-" + i + ".yaml");
    }

    @Test
    void theClientsOwnAddressReachesTheLogsAndTheBackendOfWhicheverInstanceServes() {
        for (int n = 0; n < INSTANCES; n++) {
            String path = "/app/address-" + n;
            Curl.Response response = Curl.get("https://localhost:" + haproxy.port() + path).cacert(world.root())
                    .resolve("localhost", haproxy.port()).cert(world.clientPem(World.VALID), world.clientKey(World.VALID))
                    .arg("--interface", CLIENT).run();
            assertThat(response.status()).as(response.stderr()).isEqualTo(200);
            Received got = backend.awaitRequest(0, r -> r.target().equals(path), PATIENCE);
            assertThat(got.headers("X-Forwarded-For")).containsExactly(CLIENT);
        }
        List<Integer> servedBy = new ArrayList<>();
        for (int n = 0; n < INSTANCES; n++) {
            int instance = servedBy("/app/address-" + n);
            servedBy.add(instance);
            assertThat(w3cField(LogFiles.lines(accessLog(instance)), "/app/address-" + n, "c-ip")).isEqualTo(CLIENT);
        }
        assertThat(servedBy).as("round robin: each instance served one").containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aSessionFromOneInstanceResumesOnTheOthersWhichStillApplyTheirOwnRevocations() throws Exception {
        // Resumption across instances: one full handshake, then sessions offered through HAProxy.
        Path session = dir.resolve("alice.session");
        Processes.Result first = visit(World.VALID, session, "/app/resume-first", false);
        assertThat(first.stdout()).as(first.all()).contains("New, TLSv1.3").contains("HTTP/1.1 200");
        int origin = servedBy("/app/resume-first");
        int attempts = 12;
        int elsewhere = 0;
        int resumedElsewhere = 0;
        int resumed = 0;
        for (int n = 0; n < attempts; n++) {
            Processes.Result again = visit(null, session, "/app/resume-" + n, true);
            assertThat(again.stdout()).as(again.all()).contains("HTTP/1.1 200");
            boolean reused = again.stdout().contains("Reused, TLSv1.3");
            resumed += reused ? 1 : 0;
            if (servedBy("/app/resume-" + n) != origin) {
                elsewhere++;
                resumedElsewhere += reused ? 1 : 0;
            }
        }
        System.out.printf("FleetIT resumption: %d of %d sessions resumed; on another instance than the one that made it: %d of %d%n",
                resumed, attempts, resumedElsewhere, elsewhere);
        assertThat(elsewhere).as("round robin sends most of them to the other two").isGreaterThanOrEqualTo(attempts / 2);
        assertThat(resumedElsewhere).isEqualTo(elsewhere);
        assertThat(resumed).isEqualTo(attempts);

        // Revocation still applies: dan's session is made on one instance, then dan is revoked on the others.
        Path dansSession = dir.resolve("dan.session");
        Processes.Result dansFirst = visit(DAN, dansSession, "/app/dan-before", false);
        assertThat(dansFirst.stdout()).as(dansFirst.all()).contains("HTTP/1.1 200");
        int dansOrigin = servedBy("/app/dan-before");
        for (int i = 1; i <= INSTANCES; i++) {
            if (i != dansOrigin) {
                PemFiles.writeCrl(dir.resolve("pki/intermediate-" + i + ".crl"), world.pki().intermediateCrl()
                        .revoke(world.client(World.REVOKED), CrlReason.KEY_COMPROMISE)
                        .revoke(world.client(DAN), CrlReason.KEY_COMPROMISE).number(BigInteger.TWO).build(), false);
                Processes.Result hup = Processes.run(List.of("kill", "-HUP", Long.toString(instances[i - 1].pid())), null, null, 10);
                assertThat(hup.exitCode()).as(hup.all()).isZero();
                instances[i - 1].awaitLine(Pattern.compile("reloaded certgate-" + i + "\\.yaml \\(SIGHUP\\): site localhost: crlFiles changed"),
                        PATIENCE.toSeconds());
            }
        }
        int mark = backend.mark();
        int refusedElsewhere = 0;
        for (int n = 0; n < INSTANCES; n++) {
            String path = "/app/dan-after-" + n;
            Processes.Result again = visit(null, dansSession, path, true);
            assertThat(again.stdout()).as(again.all()).contains("Reused, TLSv1.3");
            if (servedBy(path) == dansOrigin) {
                assertThat(again.stdout()).as("the instance without the new CRL still lets dan in").contains("HTTP/1.1 200");
            } else {
                assertThat(again.stdout()).as(again.all()).contains("HTTP/1.1 403").contains("Certgate-Status: 403.13");
                assertThat(backend.receivedSince(mark)).noneMatch(r -> r.target().equals(path));
                refusedElsewhere++;
            }
        }
        assertThat(refusedElsewhere).as("round robin: both other instances saw dan's resumed session").isEqualTo(INSTANCES - 1);
    }

    @Test
    void aRollingRestartUnderASteadyClientLoopLosesNoRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread loop = new Thread(() -> {
            while (running.get()) {
                int n = sent.incrementAndGet();
                Optional<String> failure = oneRequest(n);
                if (failure.isPresent()) {
                    failed.incrementAndGet();
                    failures.add("request " + n + ": " + failure.get());
                }
            }
        }, "fleet-client-loop");
        loop.start();
        List<Integer> sentWhileRestarting = new ArrayList<>();
        try {
            awaitSent(sent, 20);
            for (int i = 1; i <= INSTANCES; i++) {
                int before = sent.get();
                Processes.Result term = Processes.run(List.of("kill", "-TERM", Long.toString(instances[i - 1].pid())), null, null, 10);
                assertThat(term.exitCode()).as(term.all()).isZero();
                assertThat(instances[i - 1].awaitExit(60)).as("graceful stop exits 0:%n%s", instances[i - 1].output()).isZero();
                instances[i - 1] = start(i);
                instances[i - 1].awaitListening();
                haproxy.awaitServerState("certgate" + i, "UP", PATIENCE);
                sentWhileRestarting.add(sent.get() - before);
            }
            awaitSent(sent, sent.get() + 20);
        } finally {
            running.set(false);
            loop.join(Duration.ofSeconds(30).toMillis());
        }
        System.out.printf("FleetIT rolling restart: %d requests sent, %d failed; sent while each instance restarted: %s%n",
                sent.get(), failed.get(), sentWhileRestarting);
        assertThat(sentWhileRestarting).as("the loop ran through every restart").allSatisfy(n -> assertThat(n).isPositive());
        assertThat(failures).as("requests lost during the rolling restart").isEmpty();
    }

    /** One request on a new connection through HAProxy; empty when it got its 200. */
    private Optional<String> oneRequest(int n) {
        try (RawTlsClient client = RawTlsClient.connect(haproxy.port(), world.pki().root().certificate(), world.client(World.VALID))) {
            RawTlsClient.Response response = client.send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Loop: " + n
                    + "\r\nConnection: close\r\n\r\n").readResponse();
            return response.status() == 200 ? Optional.empty() : Optional.of(response.statusLine());
        } catch (RuntimeException | AssertionError e) {
            return Optional.of(e.toString());
        }
    }

    private static void awaitSent(AtomicInteger sent, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (sent.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sent.get()).as("requests the client loop sent").isGreaterThanOrEqualTo(atLeast);
    }

    /** openssl s_client through HAProxy: a full handshake with the client's certificate, or (client null) resuming the session. */
    private Processes.Result visit(String client, Path session, String path, boolean resume) {
        OpenSslClient openssl = OpenSslClient.connect(haproxy.port()).serverName("localhost").arg("-tls1_3");
        if (resume) {
            openssl.arg("-sess_in", session.toString());
        } else {
            openssl.cert(world.clientPem(client), world.clientKey(client)).arg("-sess_out", session.toString());
        }
        return openssl.request("localhost", path).run();
    }

    /** The instance (1 to 3) whose access log has the request for {@code path}. */
    private int servedBy(String path) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 1; i <= INSTANCES; i++) {
                if (Files.exists(accessLog(i)) && LogFiles.lines(accessLog(i)).stream().anyMatch(l -> l.contains(" " + path + " "))) {
                    return i;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no instance logged " + path);
    }

    private Path accessLog(int instance) {
        return dir.resolve("logs/access-" + instance + ".log");
    }

    /** The value of {@code field} on the W3C line whose stem is {@code stem}, by the #Fields line. */
    private static String w3cField(List<String> lines, String stem, String field) {
        List<String> fields = lines.stream().filter(l -> l.startsWith("#Fields: ")).reduce((a, b) -> b).map(l ->
                List.of(l.substring("#Fields: ".length()).split(" "))).orElseThrow();
        String line = lines.stream().filter(l -> !l.startsWith("#") && l.contains(" " + stem + " ")).findFirst().orElseThrow();
        return line.split(" ")[fields.indexOf(field)];
    }
}
