package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.pki.Credential;
import io.certgate.pki.CrlReason;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.KeepAliveConnection;
import io.certgate.testing.LogFiles;
import io.certgate.testing.OpenSslClient;
import io.certgate.testing.Processes;
import io.certgate.testing.World;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload of the real {@code bin/certgate run}: SIGHUP and file changes swap in a new
 * configuration without dropping a request or an open connection; a broken one is refused and the
 * old one keeps serving; SIGUSR1 reopens the access log after it was moved away.
 */
class ReloadIT {

    /** How long a reload (signal or file watch) may take to show in the log before the test fails. */
    private static final long RELOAD_PATIENCE_SECONDS = 60;
    /** Requests the background client sends at most, so that the loop ends on its own. */
    private static final int CLIENT_LOOP_LIMIT = 500;

    @TempDir
    Path dir;
    private World world;
    private CertgateProcess certgate;
    private int port;

    @BeforeEach
    void start() throws Exception {
        world = World.create(dir);
        world.addClient("dan", world.pki().client("dan").build());
        writeConfig("", "accessLog:\n  file: logs/access.log\n");
        certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = certgate.awaitListening();
        // Signal handlers are installed after the listeners are bound and before the watch starts:
        // a SIGHUP sent between the two would still be the JVM's, which shuts down.
        certgate.awaitLine(Pattern.compile("watching certgate\\.yaml"), RELOAD_PATIENCE_SECONDS);
    }

    @AfterEach
    void stop() {
        certgate.close();
    }

    private void writeConfig(String site, String topLevel) throws Exception {
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig(site, topLevel));
    }

    private void signal(String name) {
        Processes.Result kill = Processes.run(List.of("kill", "-" + name, Long.toString(certgate.pid())), null, null, 10);
        assertThat(kill.exitCode()).as(kill.all()).isZero();
    }

    private void awaitLog(String regex) {
        certgate.awaitLine(Pattern.compile(regex), RELOAD_PATIENCE_SECONDS);
    }

    private Curl.Response as(String client, String path) {
        Curl curl = Curl.get("https://localhost:" + port + path).cacert(world.root());
        return client == null ? curl.run() : curl.cert(world.clientPem(client), world.clientKey(client)).run();
    }

    @Test
    void aClientLoopKeepsSucceedingAcrossReloadsAndASwappedCrlRevokes() throws Exception {
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger done = new AtomicInteger();
        Thread loop = new Thread(() -> {
            while (running.get() && done.get() < CLIENT_LOOP_LIMIT) {
                statuses.add(as(World.VALID, "/").status());
                done.incrementAndGet();
            }
        }, "client-loop");
        String detailed = as(null, "/").body();
        loop.start();
        try {
            awaitRequests(done, 3);
            signal("HUP");
            awaitLog("reloaded certgate\\.yaml \\(SIGHUP\\): no changes; 1 site");
            awaitRequests(done, 3);

            assertThat(as("dan", "/").status()).isEqualTo(200);
            world.writeCrls(world.pki().intermediateCrl().revoke(world.client(World.REVOKED), CrlReason.KEY_COMPROMISE)
                    .revoke(world.client("dan"), CrlReason.AFFILIATION_CHANGED).number(BigInteger.TWO).build());
            signal("HUP");
            awaitLog("reloaded certgate\\.yaml \\(SIGHUP\\): site localhost: crlFiles changed; 1 site");
            assertThat(as("dan", "/").code()).isEqualTo("403.13");
            awaitRequests(done, 3);

            writeConfig("", "accessLog:\n  file: logs/access.log\nerrors:\n  detail: terse\n");
            awaitLog("reloaded certgate\\.yaml \\(file change\\): errors\\.detail changed; 1 site");
            Curl.Response terse = as(null, "/");
            assertThat(terse.code()).isEqualTo("403.7");
            assertThat(terse.body()).as("terse: no sentence saying why").hasSizeLessThan(detailed.length());
            awaitRequests(done, 3);
        } finally {
            running.set(false);
            loop.join();
        }
        assertThat(statuses).hasSizeGreaterThanOrEqualTo(12).containsOnly(200);
    }

    /** Waits until the background loop has finished {@code more} further requests. */
    private static void awaitRequests(AtomicInteger done, int more) throws InterruptedException {
        int target = done.get() + more;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(RELOAD_PATIENCE_SECONDS);
        while (done.get() < target) {
            if (System.nanoTime() > deadline || done.get() >= CLIENT_LOOP_LIMIT) {
                throw new AssertionError("the client loop stopped at " + done.get() + " requests");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aChangedCrlFileAloneIsPickedUpByTheWatch() throws Exception {
        assertThat(as("dan", "/").status()).isEqualTo(200);
        world.writeCrls(world.pki().intermediateCrl().revoke(world.client("dan"), CrlReason.KEY_COMPROMISE)
                .number(BigInteger.TWO).build());
        awaitLog("reloaded certgate\\.yaml \\(file change\\): site localhost: crlFiles changed");
        assertThat(as("dan", "/").code()).isEqualTo("403.13");
    }

    @Test
    void aBrokenConfigIsRefusedWithFileLineAndKeyAndTheRunningOneStays() throws Exception {
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", "")
                .replace("mode: require", "mode: requir"));
        signal("HUP");
        awaitLog("reload of certgate\\.yaml \\(SIGHUP\\) refused, still serving the previous configuration");
        awaitLog("certgate\\.yaml:8: sites\\[0\\]\\.clientCertificates\\.mode: expected one of ignore, accept, require,"
                + " got \"requir\"");
        assertThat(as(World.VALID, "/").status()).isEqualTo(200);
        assertThat(as(null, "/").code()).as("still mode require").isEqualTo("403.7");

        // A file the configuration names that cannot be read is refused the same way.
        Files.writeString(dir.resolve("pki/intermediate.crl"), "not a CRL");
        writeConfig("", "accessLog:\n  file: logs/access.log\n");
        signal("HUP");
        awaitLog("sites\\[0\\]\\.clientCertificates\\.revocation\\.crlFiles: .*intermediate\\.crl");
        assertThat(as(World.REVOKED, "/").code()).as("the CRL loaded at start still applies").isEqualTo("403.13");
    }

    @Test
    void newHandshakesGetTheNewServerCertificateWhileAnOpenConnectionKeepsItsOwn() throws Exception {
        X509Certificate root = world.pki().root().certificate();
        try (KeepAliveConnection open = KeepAliveConnection.open(port, root)) {
            assertThat(open.get("/public/")).isEqualTo(200);
            BigInteger before = open.serverSerial();

            Credential renewed = world.pki().server("localhost");
            renewed.writeChain(dir.resolve("tls/server.pem"));
            renewed.writeKey(dir.resolve("tls/server.key"));
            signal("HUP");
            awaitLog("reloaded certgate\\.yaml \\(SIGHUP\\): site localhost: certificate, key changed");

            assertThat(open.get("/public/")).as("the open connection still works").isEqualTo(200);
            assertThat(open.serverSerial()).isEqualTo(before);
            assertThat(serverSerialSeenByOpenSsl()).isEqualTo(renewed.serial()).isNotEqualTo(before);
            try (KeepAliveConnection fresh = KeepAliveConnection.open(port, root)) {
                assertThat(fresh.get("/public/")).isEqualTo(200);
                assertThat(fresh.serverSerial()).isEqualTo(renewed.serial());
            }
        }
    }

    @Test
    void aConnectionOpenedTwoReloadsAgoStillWritesToTheAccessLogItStartedWith() throws Exception {
        Path log = dir.resolve("logs/access.log");
        try (KeepAliveConnection open = KeepAliveConnection.open(port, world.pki().root().certificate())) {
            assertThat(open.get("/public/")).isEqualTo(200);

            writeConfig("", "accessLog:\n  file: logs/access.log\nerrors:\n  detail: terse\n");
            signal("HUP");
            awaitLog("reloaded certgate\\.yaml \\(SIGHUP\\): errors\\.detail changed");
            writeConfig("", "accessLog:\n  file: logs/other.log\n");
            signal("HUP");
            awaitLog("reloaded certgate\\.yaml \\(SIGHUP\\): .*accessLog changed");
            // The middle configuration's runtime had no connection: it is closed 5 s after it was
            // replaced, and the log it shared with the first must stay open for this connection.
            Thread.sleep(7_000);

            assertThat(open.get("/public/?after-two-reloads")).isEqualTo(200);
            awaitFileContains(log, "after-two-reloads");
        }
    }

    private BigInteger serverSerialSeenByOpenSsl() throws Exception {
        String out = OpenSslClient.connect(port).serverName("localhost").run().stdout();
        int begin = out.indexOf("-----BEGIN CERTIFICATE-----");
        int end = out.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length();
        assertThat(begin).as(out).isNotNegative();
        X509Certificate seen = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(out.substring(begin, end).getBytes(StandardCharsets.US_ASCII)));
        return seen.getSerialNumber();
    }

    @Test
    void sigusr1ReopensTheAccessLogAfterItWasMovedAway() throws Exception {
        assertThat(as(World.VALID, "/").status()).isEqualTo(200);
        Path log = dir.resolve("logs/access.log");
        awaitFileContains(log, " 200 0 0 ");
        Path rotated = Files.move(log, dir.resolve("logs/access.log.1"));
        signal("USR1");
        awaitLog("reopening the access log");
        assertThat(as(null, "/").code()).isEqualTo("403.7");

        List<String> fresh = awaitFileContains(log, " 403 7 0 ");
        assertThat(fresh.get(0)).startsWith("#Software: certgate ");
        assertThat(fresh).anyMatch(line -> line.startsWith("#Fields: date time"));
        assertThat(Files.readAllLines(rotated)).anyMatch(line -> line.contains(" 200 0 0 "))
                .noneMatch(line -> line.contains(" 403 7 0 "));
    }

    @Test
    void aReloadCanSwitchTheAccessLogToJsonLines() throws Exception {
        writeConfig("", "accessLog:\n  file: logs/access.json\n  format: json\n");
        signal("HUP");
        awaitLog("reloaded certgate\\.yaml \\(SIGHUP\\): accessLog changed; 1 site");
        assertThat(as(World.VALID, "/").status()).isEqualTo(200);
        assertThat(as(World.REVOKED, "/?q=%0d%0aforged").code()).isEqualTo("403.13");

        List<String> lines = awaitFileContains(dir.resolve("logs/access.json"), "client-certificate-revoked|\"revoked\"");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            records.add(json.readTree(line)); // one complete object per line, nothing else
        }
        JsonNode revoked = records.stream().filter(r -> r.get("sc-substatus").asInt() == 13).findFirst().orElseThrow();
        assertThat(revoked.get("sc-status").asInt()).isEqualTo(403);
        assertThat(revoked.get("cs-uri-query").asText()).isEqualTo("q=%0d%0aforged");
        assertThat(revoked.get("verdict").asText()).isEqualTo("revoked");
        assertThat(revoked.get("cert-subject").asText()).contains("CN=" + World.REVOKED);
        assertThat(revoked.get("cert-fingerprint").asText()).matches("[0-9a-f]{64}");
    }

    /** Waits until the file has a line matching {@code regex} (the log is written by a background thread). */
    private static List<String> awaitFileContains(Path file, String regex) {
        return LogFiles.awaitMatch(file, regex, Duration.ofSeconds(RELOAD_PATIENCE_SECONDS));
    }
}
