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
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<long[]>> answers = new ArrayList<>();
                for (Credential client : slow) {
                    answers.add(pool.submit(() -> {
                        long start = System.nanoTime();
                        int status = ask(port, world, client);
                        return new long[] {System.nanoTime() - start, status};
                    }));
                }
                List<Long> coveredNanos = new ArrayList<>();
                for (Credential client : covered) {
                    long start = System.nanoTime();
                    int status = ask(port, world, client);
                    coveredNanos.add(System.nanoTime() - start);
                    if (status != 200) {
                        throw new AssertionError("a covered client got " + status);
                    }
                    Thread.sleep(200);
                }
                long slowest = 0;
                Map<Integer, Integer> statuses = new TreeMap<>();
                for (Future<long[]> answer : answers) {
                    long[] got = answer.get();
                    slowest = Math.max(slowest, got[0]);
                    statuses.merge((int) got[1], 1, Integer::sum);
                }
                pool.shutdown();
                Collections.sort(coveredNanos);
                System.out.printf("covered client (fresh certificate, new TLS connection): %d repetitions over %.1f s,"
                                + " p50 %.1f ms, p100 %.1f ms%n", repetitions, repetitions * 0.2,
                        coveredNanos.get(coveredNanos.size() / 2) / 1e6, coveredNanos.get(coveredNanos.size() - 1) / 1e6);
                System.out.printf("%d CDP clients (half silent, half dripping): slowest answer %.2f s, statuses %s%n",
                        clients, slowest / 1e9, statuses);
            }
        }
    }

    /** One request on a new TLS connection; the HTTP status. */
    private static int ask(int port, World world, Credential client) {
        try (RawTlsClient tls = RawTlsClient.connect(port, world.pki().root().certificate(), client)) {
            tls.send("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n");
            return tls.readResponse().status();
        }
    }
}
