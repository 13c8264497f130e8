package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.SilentServer;
import io.certgate.testing.TestPki;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hundred clients whose certificates name distribution points that never answer (one server
 * accepts and sends nothing, one drips a byte a second) connect at once to the real {@code
 * bin/certgate}; meanwhile a client whose issuer is covered by a CRL file gets its 200. It gets
 * it while every one of those downloads is still pending: neither server has seen a connection
 * closed, and none of the hundred has an answer. Then the test lets the servers fail (it closes
 * their connections) and each of the hundred gets its 403.13 naming its distribution point.
 * The timeouts are long on purpose, so that nothing here depends on how fast the machine is.
 */
class SlowDistributionPointsIT {

    private static final int CLIENTS = 100;

    @TempDir
    Path dir;

    private World world;
    private TestPki remote;
    private SilentServer silent;
    private SilentServer dripping;
    private ExecutorService clients;

    @BeforeEach
    void mint() throws Exception {
        world = World.create(dir);
        remote = TestPki.create(world.pki().now(), "Remote");
        remote.root().writeCertificate(dir.resolve("pki/remote-root.pem"));
        remote.intermediate().writeCertificate(dir.resolve("pki/remote-intermediate.pem"));
        silent = SilentServer.silent();
        dripping = SilentServer.dripping(Duration.ofSeconds(1));
        clients = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        silent.close();
        dripping.close();
    }

    @Test
    void aClientCoveredByACrlFileIsAnsweredWhileAHundredDownloadsArePendingAndEachOfTheHundredGetsItsAnswer()
            throws Exception {
        List<Credential> slow = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            // Each its own URL, so that the per-host limit queues most of the downloads.
            String url = (i % 2 == 0 ? silent : dripping).url("/ca-" + i + ".crl");
            urls.add(url);
            slow.add(remote.client("slow-" + i).crlDistributionPoint(url).build());
        }
        Files.writeString(dir.resolve("certgate.yaml"), config());
        try (CertgateProcess gateway = CertgateProcess.start(dir, "run", "-c", "certgate.yaml")) {
            int port = gateway.awaitListening();
            CountDownLatch sent = new CountDownLatch(CLIENTS);
            AtomicInteger answered = new AtomicInteger();
            List<Future<RawTlsClient.Response>> answers = new ArrayList<>();
            for (Credential client : slow) {
                answers.add(clients.submit(() -> {
                    try (RawTlsClient tls = RawTlsClient.connect(port, world.pki().root().certificate(), client)) {
                        tls.send("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n");
                        sent.countDown();
                        RawTlsClient.Response response = tls.readResponse();
                        answered.incrementAndGet();
                        return response;
                    }
                }));
            }
            assertThat(sent.await(120, TimeUnit.SECONDS)).as("all hundred clients connected").isTrue();
            silent.awaitAccepted(2);
            dripping.awaitAccepted(2);
            Curl.Response covered = Curl.get("https://localhost:" + port + "/").cacert(world.root())
                    .cert(world.clientPem(World.VALID), world.clientKey(World.VALID)).header("Accept", "text/plain").run();

            assertThat(covered.status()).as("%s%n%s", covered.body(), gateway.output()).isEqualTo(200);
            assertThat(answered.get()).as("none of the hundred had its answer yet").isZero();
            assertThat(silent.closedByClient() + dripping.closedByClient()).as("every download was still pending").isZero();
            assertThat(silent.accepted()).as("two downloads at a time to one host").isEqualTo(2);
            assertThat(dripping.accepted()).as("two downloads at a time to one host").isEqualTo(2);
            letTheServersFail(answered);
            for (int i = 0; i < CLIENTS; i++) {
                RawTlsClient.Response response = answers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.bodyText()).isEqualTo(403);
                assertThat(response.header("certgate-status")).isEqualTo("403.13 client-certificate-revoked");
                assertThat(response.bodyText()).contains("the revocation status of certificate CN=slow-" + i
                        + " is unknown: the CRL at " + urls.get(i) + " ");
            }
        }
    }

    /** Closes the servers' connections until every client has its answer: each closed one fails a download. */
    private void letTheServersFail(AtomicInteger answered) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (answered.get() < CLIENTS && System.nanoTime() < giveUp) {
            silent.release();
            dripping.release();
            Thread.sleep(50);
        }
    }

    private static String config() {
        return """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem, pki/remote-root.pem]
                      intermediates: [pki/intermediate.pem, pki/remote-intermediate.pem]
                      revocation:
                        crlFiles: [pki/intermediate.crl]
                        fetchDistributionPoints: true
                        onUnavailable: deny
                        scope: leaf
                        connectTimeout: 60s
                        readTimeout: 60s
                    locations:
                      - path: /
                        root: www
                errors:
                  detail: internal               # each 403.13 names the distribution point that failed
                """;
    }
}
