package io.certgate.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Directory lookups: {@code certgate_directory_lookups_total{directory,result}} (result
 * {@code found}, {@code not-found}, {@code ambiguous}, {@code error}), the latency histogram
 * {@code certgate_directory_lookup_seconds{directory}} of lookups that went to the directory,
 * and {@code certgate_directory_cache_hits_total{directory}} for answers served from the cache.
 */
public final class DirectoryMeters {

    static final String LOOKUPS = "certgate.directory.lookups";
    static final String LATENCY = "certgate.directory.lookup";
    static final String CACHE_HITS = "certgate.directory.cache.hits";
    /** From a fast LAN answer (1 ms) to the longest sensible timeout (10 s). */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Map<String, Counter> lookups = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> hits = new ConcurrentHashMap<>();

    DirectoryMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A lookup the directory answered (or failed to) after {@code nanos}. */
    public void lookup(String directory, String result, long nanos) {
        lookups.computeIfAbsent(directory + "\n" + result, k -> Counter.builder(LOOKUPS)
                .description("Directory lookups that went to the directory, by result")
                .tags("directory", directory, "result", result).register(registry)).increment();
        latency.computeIfAbsent(directory, d -> Timer.builder(LATENCY)
                .description("Seconds a directory lookup took (cache hits excluded)")
                .tag("directory", d).serviceLevelObjectives(BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A lookup answered from the cache. */
    public void cacheHit(String directory) {
        hits.computeIfAbsent(directory, d -> Counter.builder(CACHE_HITS)
                .description("Directory lookups answered from the cache").tag("directory", d).register(registry))
                .increment();
    }
}
