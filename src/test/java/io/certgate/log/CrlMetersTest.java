package io.certgate.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.PrometheusText;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CRL meters: one row per site and source, read afresh at each scrape, against an explicit clock. */
class CrlMetersTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final GatewayMetrics metrics = new GatewayMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

    private Map<String, PrometheusText.Family> scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    @Test
    void ageExpiryRefreshEntriesAndFailuresPerSiteAndSource() {
        GatewayMetrics.CrlView downloaded = new GatewayMetrics.CrlView("http://crl.example/int.crl", Optional.of(NOW.minusSeconds(600)),
                Optional.of(NOW.plusSeconds(3000)), Optional.of(NOW.plusSeconds(2400)), 42, 3);
        GatewayMetrics.CrlView file = new GatewayMetrics.CrlView("crl:/etc/certgate/root.crl", Optional.of(NOW.minusSeconds(60)),
                Optional.of(NOW.minusSeconds(30)), Optional.empty(), 0, 0);
        metrics.crls(() -> Map.of("app", List.of(downloaded), "admin", List.of(file)));

        var families = scrape();
        Map<String, String> app = Map.of("site", "app", "source", "http://crl.example/int.crl");
        Map<String, String> admin = Map.of("site", "admin", "source", "crl:/etc/certgate/root.crl");
        assertThat(families.get("certgate_crl_age_seconds").value(app)).isEqualTo(600);
        assertThat(families.get("certgate_crl_expires_in_seconds").value(app)).isEqualTo(3000);
        assertThat(families.get("certgate_crl_expires_in_seconds").value(admin)).as("stale").isEqualTo(-30);
        assertThat(families.get("certgate_crl_next_refresh_seconds").value(app)).isEqualTo(2400);
        assertThat(families.get("certgate_crl_next_refresh_seconds").labelSets()).doesNotContain(admin);
        assertThat(families.get("certgate_crl_entries").value(app)).isEqualTo(42);
        assertThat(families.get("certgate_crl_fetch_failures_total").type()).isEqualTo("counter");
        assertThat(families.get("certgate_crl_fetch_failures_total").value(app)).isEqualTo(3);
    }

    @Test
    void fetchFailuresNeverGoBackwardsWhenAReloadStartsCountingAfresh() {
        Map<String, String> app = Map.of("site", "app", "source", "http://a/1.crl");
        long[] failedSoFar = {2};
        metrics.crls(() -> Map.of("app", List.of(withFailures(failedSoFar[0]))));
        scrape();
        failedSoFar[0] = 3;
        assertThat(scrape().get("certgate_crl_fetch_failures_total").value(app)).isEqualTo(3);

        metrics.crls(() -> Map.of("app", List.of(withFailures(1)))); // a reload: the new runtime has failed once
        assertThat(scrape().get("certgate_crl_fetch_failures_total").value(app)).isEqualTo(4);
    }

    private static GatewayMetrics.CrlView withFailures(long failures) {
        return new GatewayMetrics.CrlView("http://a/1.crl", Optional.of(NOW), Optional.of(NOW.plusSeconds(60)), Optional.empty(), 1, failures);
    }

    @Test
    void rowsFollowTheCrlsHeldNow() {
        List<GatewayMetrics.CrlView> held = new ArrayList<>();
        held.add(new GatewayMetrics.CrlView("http://a/1.crl", Optional.of(NOW), Optional.of(NOW.plusSeconds(60)), Optional.empty(), 1, 0));
        metrics.crls(() -> Map.of("app", List.copyOf(held)));
        assertThat(scrape().get("certgate_crl_entries").labelSets()).hasSize(1);

        held.clear();
        held.add(new GatewayMetrics.CrlView("http://b/2.crl", Optional.of(NOW), Optional.of(NOW.plusSeconds(60)), Optional.empty(), 7, 0));
        var families = scrape();
        assertThat(families.get("certgate_crl_entries").labelSets())
                .containsExactly(Map.of("site", "app", "source", "http://b/2.crl"));
    }
}
