package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.BackendProcess;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.Http2FrameClient;
import io.certgate.testing.KeepAliveConnection;
import io.certgate.testing.Processes;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the real {@code bin/certgate run}: {@code /readyz} turns 503 while the listeners still
 * accept, then they stop accepting, an idle keep-alive connection is closed (an idle HTTP/2 one
 * gets GOAWAY first), a slow request in
 * flight at a backend still completes with 200 (what the backend answered reaches the client, with
 * {@code Connection: close}), and the process exits 0. The backend holds its answer until the test
 * releases it, so nothing here depends on timing.
 */
class GracefulStopIT {

    private static final long PATIENCE_SECONDS = 30;

    @TempDir
    Path dir;

    @Test
    void sigtermDrainsReadinessFirstFinishesTheRequestInFlightAndExitsZero() throws Exception {
        World world = World.create(dir);
        try (BackendProcess backend = BackendProcess.start()) {
            Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", """
                    admin:
                      address: 127.0.0.1:0
                    shutdown:
                      drainDelay: 300ms
                      timeout: 30s
                    """).replace("      - path: /open\n", "      - path: /app\n        proxy: " + backend.url()
                    + "\n      - path: /open\n"));
            try (CertgateProcess certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml")) {
                int port = certgate.awaitListening();
                int admin = Integer.parseInt(certgate.awaitLine(
                        Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) \\(admin\\)"), PATIENCE_SECONDS).group(1));
                certgate.awaitLine(Pattern.compile("watching certgate\\.yaml"), PATIENCE_SECONDS); // signal handlers are in
                String readyz = "http://127.0.0.1:" + admin + "/readyz";
                assertThat(Curl.get(readyz).run().status()).isEqualTo(200);

                KeepAliveConnection idle = KeepAliveConnection.open(port, world.pki().root().certificate());
                assertThat(idle.get("/public/")).isEqualTo(200);
                Http2FrameClient idleH2 = Http2FrameClient.connect(port, world.root());
                assertThat(idleH2.get("/public/").get(PATIENCE_SECONDS, TimeUnit.SECONDS).status()).isEqualTo(200);

                Path release = dir.resolve("release");
                Path arrived = dir.resolve("arrived-h1");
                CompletableFuture<Curl.Response> inFlight = hold(world, port, arrived, release, false);
                Path arrivedH2 = dir.resolve("arrived-h2");
                CompletableFuture<Curl.Response> inFlightH2 = hold(world, port, arrivedH2, release, true);
                awaitFile(arrived);
                awaitFile(arrivedH2);

                Processes.Result kill = Processes.run(List.of("kill", "-TERM", Long.toString(certgate.pid())), null, null, 10);
                assertThat(kill.exitCode()).as(kill.all()).isZero();

                Curl.Response notReady = awaitStatus(readyz, 503);
                assertThat(notReady.body()).isEqualTo("not ready: stopping\n");

                certgate.awaitLine(Pattern.compile("stopping: listeners closed"), PATIENCE_SECONDS);
                Curl.Response refused = Curl.get("https://localhost:" + port + "/public/").cacert(world.root()).run();
                assertThat(refused.exitCode()).as("a new connection after the drain: curl says " + refused.stderr())
                        .isEqualTo(7); // couldn't connect
                assertThat(idle.closedByServer()).as("the idle keep-alive connection was closed").isTrue();
                assertThat(idleH2.awaitGoAway(Duration.ofSeconds(PATIENCE_SECONDS))).as("GOAWAY, NO_ERROR").isZero();
                assertThat(idleH2.awaitClosed(Duration.ofSeconds(PATIENCE_SECONDS))).as("then closed").isTrue();
                idleH2.close();
                assertThat(inFlight).isNotDone();
                assertThat(inFlightH2).isNotDone();

                Files.createFile(release);
                Curl.Response answer = inFlight.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
                assertThat(answer.status()).as(answer.stderr()).isEqualTo(200);
                assertThat(answer.body()).as("the backend's own answer").contains("target /app/hold?arrived=");
                assertThat(answer.header("connection")).isEqualTo("close");
                Curl.Response answerH2 = inFlightH2.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
                assertThat(answerH2.status()).as("the HTTP/2 stream in flight when GOAWAY went out: " + answerH2.stderr())
                        .isEqualTo(200);
                assertThat(answerH2.body()).contains("target /app/hold?arrived=" + arrivedH2);

                assertThat(certgate.awaitExit(PATIENCE_SECONDS)).as(certgate.output()).isZero();
                assertThat(certgate.output()).contains("stopping: every connection finished");
            }
        }
    }

    /** A request to the holding backend, on a thread of its own, HTTP/1.1 or HTTP/2. */
    private static CompletableFuture<Curl.Response> hold(World world, int port, Path arrived, Path release, boolean http2) {
        Curl curl = Curl.get("https://localhost:" + port + "/app/hold?arrived=" + arrived + "&release=" + release)
                .cacert(world.root()).cert(world.clientPem(World.VALID), world.clientKey(World.VALID));
        Curl versioned = http2 ? curl.http2() : curl.http1();
        // A thread each: the common pool may have a single thread on a small machine, and both requests block.
        CompletableFuture<Curl.Response> answer = new CompletableFuture<>();
        Thread client = new Thread(() -> answer.complete(versioned.run()), "held-request");
        client.setDaemon(true);
        client.start();
        return answer;
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!Files.exists(file)) {
            assertThat(System.nanoTime()).as("the request reached the backend").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Polls until the URL answers {@code status}. */
    private static Curl.Response awaitStatus(String url, int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (true) {
            Curl.Response response = Curl.get(url).run();
            if (response.status() == status || System.nanoTime() > deadline) {
                assertThat(response.status()).as(url).isEqualTo(status);
                return response;
            }
            Thread.sleep(20);
        }
    }
}
