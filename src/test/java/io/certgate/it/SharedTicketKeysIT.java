package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.CrlReason;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.OpenSslClient;
import io.certgate.testing.Processes;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.World;
import io.certgate.x509.Fingerprint;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code bin/certgate run} processes, A and B, as two instances of a fleet: with the same
 * {@code tls.sessionTickets.keyFiles} (written by {@code certgate pki ticket-key}) a TLS session
 * made on A resumes on B, and B judges the certificate the session holds again, against its own
 * revocation data: a certificate revoked on B between the two handshakes is refused on B though
 * the handshake resumed, and nothing reaches the backend. Without key files a session made on one
 * instance does not resume on the other. The clients are real {@code openssl s_client}s.
 */
class SharedTicketKeysIT {

    private static final long PATIENCE_SECONDS = 60;
    private static final Duration BACKEND_PATIENCE = Duration.ofSeconds(10);
    private static final String SHARED_KEYS = """
            tls:
              sessionTickets:
                keyFiles: [keys/current.key, keys/previous.key]
            """;

    @TempDir
    Path dir;
    private World world;
    private RecordingBackendProcess backend;
    private CertgateProcess a;
    private CertgateProcess b;

    @BeforeEach
    void files() throws Exception {
        world = World.create(dir);
        world.addClient("dan", world.pki().client("dan").build());
        Files.copy(dir.resolve("pki/intermediate.crl"), dir.resolve("pki/b-intermediate.crl"));
        for (String key : List.of("keys/current.key", "keys/previous.key")) {
            Processes.Result written = CertgateProcess.run(dir, "pki", "ticket-key", "--out", key);
            assertThat(written.exitCode()).as(written.all()).isZero();
        }
        backend = RecordingBackendProcess.start(dir.resolve("backend.jsonl"));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable running : new AutoCloseable[] {a, b, backend}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception ignored) {
                // stopping a test process
            }
        }
    }

    /** A's and B's configs (B reads its own copy of the intermediate's CRL), then both started. */
    private void startInstances(String topLevel) throws Exception {
        String config = World.standardConfig("", topLevel).replace("      - path: /open\n",
                "      - path: /app\n        proxy: " + backend.url() + "\n      - path: /open\n");
        Files.writeString(dir.resolve("a.yaml"), config);
        Files.writeString(dir.resolve("b.yaml"), config.replace("pki/intermediate.crl", "pki/b-intermediate.crl"));
        a = CertgateProcess.start(dir, "run", "-c", "a.yaml");
        b = CertgateProcess.start(dir, "run", "-c", "b.yaml");
        a.awaitListening();
        b.awaitListening();
        b.awaitLine(Pattern.compile("watching b\\.yaml"), PATIENCE_SECONDS); // its SIGHUP handler is in
    }

    /** A full handshake with the client's certificate on {@code port}, saving the session. */
    private Processes.Result firstVisit(int port, String client, String version, Path session, String path) {
        return OpenSslClient.connect(port).serverName("localhost").cert(world.clientPem(client), world.clientKey(client))
                .arg(version, "-sess_out", session.toString()).request("localhost", path).run();
    }

    /** A handshake offering the saved session, without sending any certificate. */
    private Processes.Result resume(int port, String version, Path session, String path) {
        return OpenSslClient.connect(port).serverName("localhost").arg(version, "-sess_in", session.toString())
                .request("localhost", path).run();
    }

    @Test
    void aSessionMadeOnAResumesOnBWhichJudgesItsCertificateAndForwardsItsIdentity() throws Exception {
        startInstances(SHARED_KEYS);
        for (String version : List.of("-tls1_3", "-tls1_2")) {
            Path session = dir.resolve("session" + version);
            Processes.Result first = firstVisit(a.awaitListening(), World.VALID, version, session, "/app/on-a");
            assertThat(first.stdout()).as(first.all()).contains("HTTP/1.1 200").contains("New, TLSv1.");

            Processes.Result resumed = resume(b.awaitListening(), version, session, "/app/on-b" + version);
            assertThat(resumed.stdout()).as("B resumed A's session (%s):%n%s", version, resumed.all())
                    .contains("Reused, TLSv1.").contains("HTTP/1.1 200");
            Received got = backend.awaitRequest(0, r -> r.target().equals("/app/on-b" + version), BACKEND_PATIENCE);
            assertThat(got.headers("X-Client-Cert-Fingerprint"))
                    .containsExactly(Fingerprint.sha256(world.client(World.VALID).certificate()).hex());
            assertThat(got.headers("X-Client-Cert-Verify")).containsExactly("SUCCESS");
        }
    }

    @Test
    void aCertificateRevokedOnBBetweenTheTwoVisitsIsRefusedOnBThoughTheSessionResumes() throws Exception {
        startInstances(SHARED_KEYS);
        Path session = dir.resolve("dan.session");
        Processes.Result first = firstVisit(a.awaitListening(), "dan", "-tls1_3", session, "/app/before");
        assertThat(first.stdout()).as(first.all()).contains("HTTP/1.1 200");

        PemCrl.write(world, dir.resolve("pki/b-intermediate.crl"));
        Processes.Result hup = Processes.run(List.of("kill", "-HUP", Long.toString(b.pid())), null, null, 10);
        assertThat(hup.exitCode()).as(hup.all()).isZero();
        b.awaitLine(Pattern.compile("reloaded b\\.yaml \\(SIGHUP\\): site localhost: crlFiles changed"), PATIENCE_SECONDS);

        int mark = backend.mark();
        Processes.Result resumed = resume(b.awaitListening(), "-tls1_3", session, "/app/after-revocation");
        assertThat(resumed.stdout()).as("resumed on B:%n%s", resumed.all()).contains("Reused, TLSv1.3")
                .contains("HTTP/1.1 403").contains("Certgate-Status: 403.13");
        assertThat(backend.receivedSince(mark)).as("nothing of the refused request reached the backend").isEmpty();

        Processes.Result onA = resume(a.awaitListening(), "-tls1_3", session, "/app/still-on-a");
        assertThat(onA.stdout()).as("A has not seen the new CRL: %n%s", onA.all()).contains("HTTP/1.1 200");
    }

    /**
     * Without key files certgate sends no tickets (Netty's default), so TLS 1.3 sessions do not
     * resume at all and TLS 1.2 ones resume by session ID from the process's own cache only.
     */
    @Test
    void withoutKeyFilesASessionResumesOnlyOnTheInstanceThatMadeIt() throws Exception {
        startInstances("");
        Path session = dir.resolve("alone.session");
        Processes.Result first = firstVisit(a.awaitListening(), World.VALID, "-tls1_2", session, "/app/first");
        assertThat(first.stdout()).as(first.all()).contains("HTTP/1.1 200");

        Processes.Result onB = resume(b.awaitListening(), "-tls1_2", session, "/public/");
        assertThat(onB.stdout()).as("B does not know A's session:%n%s", onB.all()).contains("New, TLSv1.2")
                .doesNotContain("Reused,");
        Processes.Result onA = resume(a.awaitListening(), "-tls1_2", session, "/public/");
        assertThat(onA.stdout()).as("the session itself was resumable, on A:%n%s", onA.all()).contains("Reused, TLSv1.2");

        Path tls13 = dir.resolve("tls13.session");
        firstVisit(a.awaitListening(), World.VALID, "-tls1_3", tls13, "/app/first");
        assertThat(tls13).as("no TLS 1.3 ticket without key files, as before they existed").doesNotExist();
    }

    /** B's CRL: the world's revocations plus dan's. */
    private static final class PemCrl {
        private PemCrl() {
        }

        static void write(World world, Path file) throws Exception {
            io.certgate.pki.PemFiles.writeCrl(file, world.pki().intermediateCrl()
                    .revoke(world.client(World.REVOKED), CrlReason.KEY_COMPROMISE)
                    .revoke(world.client("dan"), CrlReason.KEY_COMPROMISE).number(BigInteger.TWO).build(), false);
        }
    }
}
