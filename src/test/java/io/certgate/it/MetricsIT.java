package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.BackendProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.OpenSslClient;
import io.certgate.testing.Processes;
import io.certgate.testing.PrometheusText;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener after real traffic: curl and openssl drive every outcome, then {@code /metrics}
 * is read with a strict Prometheus text parser and checked name by name, label by label.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    private World world;
    private BackendProcess backend;
    private RunningGateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) {
        world = World.create(dir);
        backend = BackendProcess.start();
        String proxies = """
                      - path: /app
                        clientCertificates: { mode: accept }
                        proxy: %s
                      - path: /down
                        clientCertificates: { mode: accept }
                        proxy: http://127.0.0.1:1
                      - path: /slow
                        clientCertificates: { mode: accept }
                        proxy: { url: %s, readTimeout: 1s }
                      - path: /open
                """.formatted(backend.url(), backend.url());
        gateway = RunningGateway.start(dir, World.standardConfig("", """
                admin:
                  address: 127.0.0.1:0
                """).replace("      - path: /open\n", proxies).replace("listen:\n  - address: 127.0.0.1:0\n",
                "listen:\n  - address: 127.0.0.1:0\n  - address: 127.0.0.1:0\n    redirectToHttps: false\n"));
    }

    @AfterAll
    void stop() {
        gateway.close();
        backend.close();
    }

    private Map<String, PrometheusText.Family> scrape() {
        Curl.Response response = Curl.get(gateway.adminUrl("/metrics")).run();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    private static Map<String, String> request(String status, String substatus) {
        return Map.of("site", "localhost", "status", status, "substatus", substatus);
    }

    @Test
    void healthAndReadinessAnswerOnTheAdminListenerOnly() {
        assertThat(Curl.get(gateway.adminUrl("/healthz")).run().body()).isEqualTo("ok\n");
        Curl.Response ready = Curl.get(gateway.adminUrl("/readyz")).run();
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
        assertThat(Curl.get(gateway.adminUrl("/")).run().status()).isEqualTo(404);
        assertThat(world.curl(gateway, "/metrics", World.VALID).run().status())
                .as("the sites do not serve metrics").isEqualTo(404);
    }

    @Test
    void requestsAndRefusalsAreCountedByStatusSubstatusAndSite() {
        for (int i = 0; i < 3; i++) {
            assertThat(world.curl(gateway, "/", World.VALID).run().status()).isEqualTo(200);
        }
        assertThat(world.curl(gateway, "/", null).run().code()).isEqualTo("403.7");
        assertThat(world.curl(gateway, "/", World.REVOKED).run().code()).isEqualTo("403.13");
        assertThat(world.curl(gateway, "/", World.UNTRUSTED).run().code()).isEqualTo("403.16");
        assertThat(world.curl(gateway, "/", World.EXPIRED).run().code()).isEqualTo("403.17");
        assertThat(Curl.get("http://127.0.0.1:" + gateway.httpPort() + "/").run().code()).isEqualTo("403.4");

        PrometheusText.Family requests = scrape().get("certgate_requests_total");
        assertThat(requests.type()).isEqualTo("counter");
        assertThat(requests.value(request("200", "0"))).isGreaterThanOrEqualTo(3);
        assertThat(requests.value(request("403", "7"))).isGreaterThanOrEqualTo(1);
        assertThat(requests.value(request("403", "13"))).isGreaterThanOrEqualTo(1);
        assertThat(requests.value(request("403", "16"))).isGreaterThanOrEqualTo(1);
        assertThat(requests.value(request("403", "17"))).isGreaterThanOrEqualTo(1);
        assertThat(requests.value(request("403", "4"))).isGreaterThanOrEqualTo(1);
        assertThat(requests.labelSets()).allSatisfy(labels ->
                assertThat(labels.keySet()).containsExactlyInAnyOrder("site", "status", "substatus"));
    }

    @Test
    void handshakesAreCountedFullOrResumedAndFailuresByReason() {
        assertThat(world.curl(gateway, "/", World.VALID).run().status()).isEqualTo(200);
        // TLS 1.2 resumes by session ID; the session is saved by the first connection and offered by the second.
        Path session = world.dir().resolve("tls12.session");
        OpenSslClient.connect(gateway.port()).serverName("localhost").arg("-tls1_2", "-sess_out", session.toString())
                .request("localhost", "/public/").run();
        Processes.Result resumed = OpenSslClient.connect(gateway.port()).serverName("localhost")
                .arg("-tls1_2", "-sess_in", session.toString()).request("localhost", "/public/").run();
        assertThat(resumed.stdout()).as("openssl resumed the session").contains("Reused, TLSv1.2");
        // Failures: plain HTTP to the TLS port; a TLS 1.1 client; a client that does not trust the server.
        Curl.get("http://127.0.0.1:" + gateway.port() + "/").run();
        OpenSslClient.connect(gateway.port()).arg("-tls1_1").run();
        OpenSslClient.connect(gateway.port()).serverName("localhost").arg("-verify_return_error",
                "-CAfile", world.dir().resolve("tls/server.pem").toString()).run();

        var families = scrape();
        PrometheusText.Family handshakes = families.get("certgate_handshakes_total");
        assertThat(handshakes.value(Map.of("site", "localhost", "kind", "full"))).isGreaterThanOrEqualTo(2);
        assertThat(handshakes.value(Map.of("site", "localhost", "kind", "resumed"))).isGreaterThanOrEqualTo(1);
        PrometheusText.Family failures = families.get("certgate_handshake_failures_total");
        assertThat(failures.value(Map.of("reason", "not_tls"))).isGreaterThanOrEqualTo(1);
        assertThat(failures.value(Map.of("reason", "protocol"))).isGreaterThanOrEqualTo(1);
        assertThat(failures.value(Map.of("reason", "alert"))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theJdkProviderTellsResumedHandshakesByTheSessionsAge(@TempDir Path dir) {
        World.create(dir);
        try (RunningGateway jdk = RunningGateway.start(dir, World.standardConfig("", """
                tls:
                  provider: jdk
                admin:
                  address: 127.0.0.1:0
                """))) {
            for (String version : new String[] {"-tls1_2", "-tls1_3"}) {
                Path session = dir.resolve("session" + version);
                OpenSslClient.connect(jdk.port()).serverName("localhost").arg(version, "-sess_out", session.toString())
                        .request("localhost", "/public/").run();
                Processes.Result resumed = OpenSslClient.connect(jdk.port()).serverName("localhost")
                        .arg(version, "-sess_in", session.toString()).request("localhost", "/public/").run();
                assertThat(resumed.stdout()).as("openssl resumed the session").contains("Reused, TLSv1.");
            }
            Curl.Response metrics = Curl.get(jdk.adminUrl("/metrics")).run();
            PrometheusText.Family handshakes = PrometheusText.parse(metrics.body()).get("certgate_handshakes_total");
            assertThat(handshakes.value(Map.of("site", "localhost", "kind", "full"))).isEqualTo(2);
            assertThat(handshakes.value(Map.of("site", "localhost", "kind", "resumed"))).isEqualTo(2);
        }
    }

    @Test
    void verdictCacheHitsMissesAndSizeAreExported() {
        world.curl(gateway, "/", World.VALID).run();
        world.curl(gateway, "/", World.VALID).run();
        var families = scrape();
        Map<String, String> site = Map.of("site", "localhost");
        assertThat(families.get("certgate_verdict_cache_hits_total").value(site)).isGreaterThanOrEqualTo(1);
        assertThat(families.get("certgate_verdict_cache_misses_total").value(site)).isGreaterThanOrEqualTo(1);
        assertThat(families.get("certgate_verdict_cache_size").value(site)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void proxyLatencyIsAHistogramAndBackendErrorsHaveAKind() {
        assertThat(world.curl(gateway, "/app/hello", null).run().status()).isEqualTo(200);
        assertThat(world.curl(gateway, "/down/", null).run().status()).isEqualTo(502);
        assertThat(world.curl(gateway, "/app/fail", null).run().status()).isEqualTo(502);
        assertThat(world.curl(gateway, "/slow/slow?ms=5000", null).run().status()).isEqualTo(504);

        var families = scrape();
        PrometheusText.Family latency = families.get("certgate_proxy_backend_seconds");
        assertThat(latency.type()).isEqualTo("histogram");
        assertThat(latency.find("certgate_proxy_backend_seconds_count", Map.of("backend", backend.url())).orElse(0.0))
                .isGreaterThanOrEqualTo(1);
        assertThat(latency.samples()).anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"));
        PrometheusText.Family errors = families.get("certgate_proxy_backend_errors_total");
        assertThat(errors.value(Map.of("backend", "http://127.0.0.1:1", "kind", "unreachable"))).isGreaterThanOrEqualTo(1);
        assertThat(errors.value(Map.of("backend", backend.url(), "kind", "closed"))).isGreaterThanOrEqualTo(1);
        assertThat(errors.value(Map.of("backend", backend.url(), "kind", "timeout"))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void eachCrlHasItsAgeExpiryAndEntriesBySiteAndSource() {
        var families = scrape();
        PrometheusText.Family entries = families.get("certgate_crl_entries");
        Map<String, String> intermediate = entries.labelSets().stream()
                .filter(l -> l.get("site").equals("localhost") && l.get("source").endsWith("intermediate.crl"))
                .findFirst().orElseThrow();
        assertThat(entries.value(intermediate)).isEqualTo(1); // the world's CRL revokes one client
        assertThat(families.get("certgate_crl_age_seconds").value(intermediate)).isGreaterThanOrEqualTo(0);
        assertThat(families.get("certgate_crl_expires_in_seconds").value(intermediate)).isGreaterThan(0);
        assertThat(families.get("certgate_crl_fetch_failures_total").value(intermediate)).isZero();
    }

    @Test
    void everyFamilyIsACertgateMetricWithHelp() {
        world.curl(gateway, "/", World.VALID).run();
        assertThat(scrape().values()).allSatisfy(family -> {
            assertThat(family.name()).matches("certgate_[a-z_]+");
            assertThat(family.help()).isNotBlank();
        });
    }
}
