package io.certgate.log;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The revocation meters, one row per site and CRL source (a file or a distribution point URL),
 * read afresh at every scrape because CRLs come and go as certificates name distribution points:
 *
 * <ul>
 *   <li>{@code certgate_crl_age_seconds{site,source}}: since the CRL's thisUpdate;</li>
 *   <li>{@code certgate_crl_expires_in_seconds{site,source}}: until its nextUpdate (negative when stale);</li>
 *   <li>{@code certgate_crl_next_refresh_seconds{site,source}}: until the next download (downloaded CRLs);</li>
 *   <li>{@code certgate_crl_entries{site,source}}: revoked serials listed;</li>
 *   <li>{@code certgate_crl_fetch_failures_total{site,source}}: failed downloads.</li>
 * </ul>
 */
final class CrlMeters {

    private final MeterRegistry registry;
    private final Clock clock;
    private final MultiGauge age;
    private final MultiGauge expiresIn;
    private final MultiGauge nextRefresh;
    private final MultiGauge entries;
    private final Map<Tags, FailureCount> failures = new ConcurrentHashMap<>();
    private volatile Supplier<Map<String, List<GatewayMetrics.CrlView>>> source = Map::of;
    /** Counts how often {@link #bind} was called: each binding's sources count failures from 0. */
    private volatile long binding;

    CrlMeters(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.age = MultiGauge.builder("certgate.crl.age").baseUnit("seconds")
                .description("Seconds since the CRL's thisUpdate").register(registry);
        this.expiresIn = MultiGauge.builder("certgate.crl.expires.in").baseUnit("seconds")
                .description("Seconds until the CRL's nextUpdate; negative when it is stale").register(registry);
        this.nextRefresh = MultiGauge.builder("certgate.crl.next.refresh").baseUnit("seconds")
                .description("Seconds until the CRL is downloaded again").register(registry);
        this.entries = MultiGauge.builder("certgate.crl.entries")
                .description("Revoked serials the CRL lists").register(registry);
    }

    /** Where the current CRLs are read from at each scrape, by site; set at every runtime install. */
    void bind(Supplier<Map<String, List<GatewayMetrics.CrlView>>> crls) {
        this.source = crls;
        binding++; // only the reload thread binds
    }

    /** Reads the CRLs and updates the rows; called just before a scrape. */
    void refresh() {
        Instant now = clock.instant();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        List<MultiGauge.Row<?>> expiries = new ArrayList<>();
        List<MultiGauge.Row<?>> refreshes = new ArrayList<>();
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        source.get().forEach((site, views) -> {
            for (GatewayMetrics.CrlView view : views) {
                Tags tags = Tags.of("site", site, "source", view.source());
                view.thisUpdate().ifPresent(t -> ages.add(MultiGauge.Row.of(tags, seconds(t, now))));
                view.nextUpdate().ifPresent(t -> expiries.add(MultiGauge.Row.of(tags, seconds(now, t))));
                view.nextRefresh().ifPresent(t -> refreshes.add(MultiGauge.Row.of(tags, seconds(now, t))));
                counts.add(MultiGauge.Row.of(tags, view.entries()));
                failures.computeIfAbsent(tags, this::failureCounter).observe(view.failures(), binding);
            }
        });
        age.register(ages, true);
        expiresIn.register(expiries, true);
        nextRefresh.register(refreshes, true);
        entries.register(counts, true);
    }

    private FailureCount failureCounter(Tags tags) {
        FailureCount count = new FailureCount();
        FunctionCounter.builder("certgate.crl.fetch.failures", count, FailureCount::value)
                .description("CRL downloads that failed").tags(tags).register(registry);
        return count;
    }

    /**
     * certgate_crl_fetch_failures_total for one row. Each runtime counts its own downloads from
     * 0, and a reload builds a new one; the exported counter adds what each counted, so that it
     * never goes backwards, as Prometheus counters must not.
     */
    private static final class FailureCount {
        private long total;
        private long seen;
        private long binding = -1;

        synchronized void observe(long count, long currentBinding) {
            if (binding != currentBinding) {
                binding = currentBinding;
                seen = 0;
            }
            total += Math.max(0, count - seen);
            seen = count;
        }

        synchronized double value() {
            return total;
        }
    }

    private static double seconds(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
    }
}
