package io.certgate.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.CollectingAccessLog;
import io.certgate.testing.PrometheusText;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What /metrics shows, read back through a strict parser of the Prometheus text format. */
class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    private Map<String, PrometheusText.Family> scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    /** A verdict cache whose counts the test sets. */
    private static final class Cache implements GatewayMetrics.CacheView {
        long hits;
        long misses;
        long size;

        @Override
        public long hits() {
            return hits;
        }

        @Override
        public long misses() {
            return misses;
        }

        @Override
        public long size() {
            return size;
        }
    }

    @Test
    void requestsAreCountedBySiteStatusAndSubstatusThroughTheAccessLog() {
        CollectingAccessLog written = new CollectingAccessLog();
        AccessLog log = metrics.metered(written);
        log.record(Records.withStatus("localhost", 200, 0));
        log.record(Records.withStatus("localhost", 200, 0));
        log.record(Records.withStatus("localhost", 403, 13));
        log.record(Records.withStatus("app", 403, 7));
        log.record(Records.withStatus("app", 0, 0));

        PrometheusText.Family requests = scrape().get("certgate_requests_total");
        assertThat(requests.type()).isEqualTo("counter");
        assertThat(requests.value(Map.of("site", "localhost", "status", "200", "substatus", "0"))).isEqualTo(2);
        assertThat(requests.value(Map.of("site", "localhost", "status", "403", "substatus", "13"))).isEqualTo(1);
        assertThat(requests.value(Map.of("site", "app", "status", "403", "substatus", "7"))).isEqualTo(1);
        assertThat(requests.value(Map.of("site", "app", "status", "0", "substatus", "0"))).isEqualTo(1);
        assertThat(written.records()).as("every record still reaches the log").hasSize(5);
    }

    @Test
    void withoutAnAccessLogRequestsAreCountedWithoutBuildingRecords() {
        AccessLog log = metrics.metered(AccessLog.NONE);
        assertThat(log.writesRecords()).isFalse();
        assertThat(metrics.metered(new CollectingAccessLog()).writesRecords()).isTrue();

        log.count("localhost", 403, 12);
        log.count("localhost", 403, 12);

        PrometheusText.Family requests = scrape().get("certgate_requests_total");
        assertThat(requests.value(Map.of("site", "localhost", "status", "403", "substatus", "12"))).isEqualTo(2);
    }

    @Test
    void statusesOutsideTheUsualRangesAreCountedToo() {
        metrics.request("localhost", 999, 0);
        metrics.request("localhost", 403, 99);
        PrometheusText.Family requests = scrape().get("certgate_requests_total");
        assertThat(requests.value(Map.of("site", "localhost", "status", "999", "substatus", "0"))).isEqualTo(1);
        assertThat(requests.value(Map.of("site", "localhost", "status", "403", "substatus", "99"))).isEqualTo(1);
    }

    @Test
    void handshakesAreFullOrResumedAndFailuresHaveAReason() {
        metrics.handshake("localhost", false);
        metrics.handshake("localhost", true);
        metrics.handshake("localhost", true);
        metrics.handshakeFailed("alert");

        var families = scrape();
        PrometheusText.Family handshakes = families.get("certgate_handshakes_total");
        assertThat(handshakes.value(Map.of("site", "localhost", "kind", "full"))).isEqualTo(1);
        assertThat(handshakes.value(Map.of("site", "localhost", "kind", "resumed"))).isEqualTo(2);
        assertThat(families.get("certgate_handshake_failures_total").value(Map.of("reason", "alert"))).isEqualTo(1);
    }

    @Test
    void verdictCacheCountsSurviveAReloadAndAGoneSiteShowsSizeZero() {
        Cache first = new Cache();
        first.hits = 5;
        first.misses = 2;
        first.size = 2;
        metrics.verdictCaches(Map.of("localhost", first));
        var before = scrape();
        assertThat(before.get("certgate_verdict_cache_hits_total").value(Map.of("site", "localhost"))).isEqualTo(5);
        assertThat(before.get("certgate_verdict_cache_misses_total").value(Map.of("site", "localhost"))).isEqualTo(2);
        assertThat(before.get("certgate_verdict_cache_size").type()).isEqualTo("gauge");
        assertThat(before.get("certgate_verdict_cache_size").value(Map.of("site", "localhost"))).isEqualTo(2);

        Cache second = new Cache(); // a reload builds a new, empty cache
        second.hits = 1;
        metrics.verdictCaches(Map.of("localhost", second));
        var after = scrape();
        assertThat(after.get("certgate_verdict_cache_hits_total").value(Map.of("site", "localhost")))
                .as("a counter never goes backwards").isEqualTo(6);
        assertThat(after.get("certgate_verdict_cache_size").value(Map.of("site", "localhost"))).isZero();

        metrics.verdictCaches(Map.of());
        assertThat(scrape().get("certgate_verdict_cache_hits_total").value(Map.of("site", "localhost"))).isEqualTo(6);
    }

    @Test
    void backendLatencyIsAHistogramWithNamedBucketsAndErrorsHaveAKind() {
        GatewayMetrics.Backend backend = metrics.backend("http://127.0.0.1:9000");
        backend.answered(Duration.ofMillis(3).toNanos());
        backend.answered(Duration.ofMillis(300).toNanos());
        backend.failed(GatewayMetrics.BackendError.UNREACHABLE);
        backend.failed(GatewayMetrics.BackendError.TIMEOUT);
        backend.failed(GatewayMetrics.BackendError.TIMEOUT);

        var families = scrape();
        PrometheusText.Family latency = families.get("certgate_proxy_backend_seconds");
        assertThat(latency.type()).isEqualTo("histogram");
        Map<String, String> series = Map.of("backend", "http://127.0.0.1:9000");
        assertThat(latency.find("certgate_proxy_backend_seconds_count", series)).contains(2.0);
        assertThat(latency.find("certgate_proxy_backend_seconds_bucket", Map.of("backend", "http://127.0.0.1:9000", "le", "0.005")))
                .contains(1.0);
        assertThat(latency.find("certgate_proxy_backend_seconds_bucket", Map.of("backend", "http://127.0.0.1:9000", "le", "0.5")))
                .contains(2.0);
        PrometheusText.Family errors = families.get("certgate_proxy_backend_errors_total");
        assertThat(errors.value(Map.of("backend", "http://127.0.0.1:9000", "kind", "unreachable"))).isEqualTo(1);
        assertThat(errors.value(Map.of("backend", "http://127.0.0.1:9000", "kind", "timeout"))).isEqualTo(2);
    }

    @Test
    void reloadsAndDroppedLogLinesAreCounted() {
        metrics.reloaded(true);
        metrics.reloaded(false);
        metrics.reloaded(true);
        metrics.accessLogLineDropped();
        var families = scrape();
        assertThat(families.get("certgate_reloads_total").value(Map.of("result", "success"))).isEqualTo(2);
        assertThat(families.get("certgate_reloads_total").value(Map.of("result", "failure"))).isEqualTo(1);
        assertThat(families.get("certgate_access_log_dropped_total").value(Map.of())).isEqualTo(1);
    }

    @Test
    void everyFamilyHasHelpAndACertgateName() {
        metrics.request("localhost", 200, 0);
        metrics.handshake("localhost", false);
        metrics.handshakeFailed("timeout");
        metrics.backend("http://b:1").answered(1);
        metrics.backend("http://b:1").failed(GatewayMetrics.BackendError.CLOSED);
        metrics.verdictCaches(Map.of("localhost", new Cache()));
        assertThat(scrape().values()).allSatisfy(family -> {
            assertThat(family.name()).startsWith("certgate_");
            assertThat(family.help()).isNotBlank();
        });
    }
}
