package io.certgate.bench;

import io.certgate.pki.Credential;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.RawTlsClient;
import io.certgate.testing.SilentServer;
import io.certgate.testing.TestPki;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures what SlowDistributionPointsIT proves by order only: how long clients wait while
 * {@code CLIENTS} others name distribution points that never answer (half silent, half dripping
 * a byte a second), with the default connectTimeout 3s + readTimeout 10s. Prints the latency of
 * a client covered by a CRL file (a fresh certificate each repetition, so each is a cold verdict),
 * measured again and again while the downloads are pending, and the slowest CDP client's.
 *
 * <pre>{@code
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/bench.classpath) io.certgate.bench.SlowDistributionPoints [clients] [repetitions]
 * }</pre>
 */
public final class SlowDistributionPoints {

    private SlowDistributionPoints() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path dir = Files.createTempDirectory("certgate-slow-cdp");
        World world = World.create(dir);
        TestPki remote = TestPki.create(world.pki().now(), "Remote");
        remote.root().writeCertificate(dir.resolve("pki/remote-root.pem"));
        remote.intermediate().writeCertificate(dir.resolve("pki/remote-intermediate.pem"));
        List<Credential> covered = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            covered.add(world.pki().client("covered-" + i).build());
        }
        try (SilentServer silent = SilentServer.silent(); SilentServer dripping = SilentServer.dripping(Duration.ofSeconds(1))) {
            List<Credential> slow = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                slow.add(remote.client("slow-" + i).crlDistributionPoint((i % 2 == 0 ? silent : dripping)
                        .url("/ca-" + i + ".crl")).build());
            }
            Files.writeString(dir.resolve("certgate.yaml"), """
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
                        locations:
                          - path: /
                            root: www
                    """);
            try (CertgateProcess gateway = CertgateProcess.start(dir, "run", "-c", "certgate.yaml")) {
                int port = gateway.awaitListening();
                // One covered client first, so that the JIT and the TLS provider are warm.
                ask(port, world, world.client(World.VALID));
                // The same measure with no download pending: what this machine gives anyway.
                List<Long> baseline = new ArrayList<>();
                for (int i = 0; i < 15; i++) {
                    long[] timed = ask(port, world, world.pki().client("baseline-" + i).build(), null);
                    baseline.add(timed[0]);
                    Thread.sleep(200);
                }
                Collections.sort(baseline);
                System.out.printf("covered client with no download pending (baseline): request to answer p50 %.1f ms,"
                        + " p100 %.1f ms%n", baseline.get(baseline.size() / 2) / 1e6, baseline.get(baseline.size() - 1) / 1e6);
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<long[]>> answers = new ArrayList<>();
                java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(clients);
                for (Credential client : slow) {
                    answers.add(pool.submit(() -> {
                        long[] timed = ask(port, world, client, connected);
                        return timed;
                    }));
                }
                if (!connected.await(120, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new AssertionError("not every CDP client connected");
                }
                System.out.printf("all %d CDP clients connected (TLS handshakes done)%n", clients);
                List<Long> coveredNanos = new ArrayList<>();
                List<Long> coveredAnswerNanos = new ArrayList<>();
                long windowEnd = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                for (Credential client : covered) {
                    if (System.nanoTime() > windowEnd) {
                        break; // the downloads are no longer pending: stop measuring
                    }
                    long[] timed = ask(port, world, client, null);
                    coveredNanos.add(timed[2]);
                    coveredAnswerNanos.add(timed[0]);
                    if (timed[1] != 200) {
                        throw new AssertionError("a covered client got " + timed[1]);
                    }
                    Thread.sleep(200);
                }
                long slowest = 0;
                Map<Integer, Integer> statuses = new TreeMap<>();
                List<Long> silentNanos = new ArrayList<>();
                List<Long> drippingNanos = new ArrayList<>();
                for (int i = 0; i < answers.size(); i++) {
                    long[] got = answers.get(i).get();
                    slowest = Math.max(slowest, got[0]);
                    statuses.merge((int) got[1], 1, Integer::sum);
                    (i % 2 == 0 ? silentNanos : drippingNanos).add(got[0]);
                }
                Collections.sort(silentNanos);
                Collections.sort(drippingNanos);
                System.out.printf("CDP clients, handshake done to answer: silent min %.2f s p50 %.2f s max %.2f s;"
                                + " dripping min %.2f s p50 %.2f s max %.2f s%n",
                        silentNanos.get(0) / 1e9, silentNanos.get(silentNanos.size() / 2) / 1e9,
                        silentNanos.get(silentNanos.size() - 1) / 1e9, drippingNanos.get(0) / 1e9,
                        drippingNanos.get(drippingNanos.size() / 2) / 1e9, drippingNanos.get(drippingNanos.size() - 1) / 1e9);
                pool.shutdown();
                Collections.sort(coveredNanos);
                Collections.sort(coveredAnswerNanos);
                System.out.printf("covered client, fresh certificate each time, while the downloads were pending: %d"
                                + " repetitions; handshake + answer p50 %.1f ms, p100 %.1f ms; request to answer p50 %.1f ms,"
                                + " p100 %.1f ms%n", coveredNanos.size(),
                        coveredNanos.get(coveredNanos.size() / 2) / 1e6, coveredNanos.get(coveredNanos.size() - 1) / 1e6,
                        coveredAnswerNanos.get(coveredAnswerNanos.size() / 2) / 1e6,
                        coveredAnswerNanos.get(coveredAnswerNanos.size() - 1) / 1e6);
                System.out.printf("%d CDP clients (half silent, half dripping): slowest from handshake done to answer"
                        + " %.2f s, statuses %s%n", clients, slowest / 1e9, statuses);
            }
        }
    }

    /** One request on a new TLS connection; the HTTP status. */
    private static int ask(int port, World world, Credential client) {
        return (int) ask(port, world, client, null)[1];
    }

    /**
     * One request on a new TLS connection: nanoseconds from the handshake's end (the verdict
     * starts then) to the answer, the HTTP status, and nanoseconds for it all.
     */
    private static long[] ask(int port, World world, Credential client, java.util.concurrent.CountDownLatch connected) {
        long start = System.nanoTime();
        try (RawTlsClient tls = RawTlsClient.connect(port, world.pki().root().certificate(), client)) {
            long handshaken = System.nanoTime();
            if (connected != null) {
                connected.countDown();
            }
            tls.send("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n");
            int status = tls.readResponse().status();
            long end = System.nanoTime();
            return new long[] {end - handshaken, status, end - start};
        }
    }
}
