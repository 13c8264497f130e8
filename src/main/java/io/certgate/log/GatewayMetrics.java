package io.certgate.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's metrics, in Prometheus text format for {@code /metrics} (SPEC §6). Handlers record
 * through the methods here and never see Micrometer. Every meter is resolved once per label set
 * and then found in a map or an array: the request path builds no strings for metrics.
 *
 * <p>Names and labels, as scraped:
 * <ul>
 *   <li>{@code certgate_requests_total{site,status,substatus}}</li>
 *   <li>{@code certgate_handshakes_total{site,kind="full"|"resumed"}}</li>
 *   <li>{@code certgate_handshake_failures_total{reason}}</li>
 *   <li>{@code certgate_verdict_cache_hits_total{site}}, {@code certgate_verdict_cache_misses_total{site}},
 *       {@code certgate_verdict_cache_size{site}}</li>
 *   <li>{@code certgate_proxy_backend_errors_total{backend,kind="unreachable"|"timeout"|"closed"|"tls"}}</li>
 *   <li>{@code certgate_proxy_backend_seconds{backend}} (histogram, with {@code _max})</li>
 *   <li>{@code certgate_reloads_total{result="success"|"failure"}}</li>
 *   <li>{@code certgate_access_log_dropped_total}</li>
 *   <li>{@code certgate_connection_log_dropped_total}</li>
 *   <li>{@code certgate_proxy_protocol_refused_total{reason}}: connections closed on a {@code proxyProtocol}
 *       listener before TLS (untrusted source, no or a bad PROXY header), by reason</li>
 *   <li>{@code certgate_bad_requests_total{reason}}: requests refused with 400 (or 408), and
 *       connections closed for a protocol violation, by a small closed set of reasons</li>
 * </ul>
 *
 *
 * <p>and, per directory ({@link DirectoryMeters}): {@code certgate_directory_lookups_total},
 * {@code certgate_directory_lookup_seconds}, {@code certgate_directory_cache_hits_total};
 *
 * <p>and, per site and CRL source ({@link CrlMeters}): {@code certgate_crl_age_seconds},
 * {@code certgate_crl_expires_in_seconds}, {@code certgate_crl_next_refresh_seconds},
 * {@code certgate_crl_entries}, {@code certgate_crl_fetch_failures_total}.
 */
public final class GatewayMetrics {

    /** What {@code /metrics} answers with: the Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static final String REQUESTS = "certgate.requests";
    static final String HANDSHAKES = "certgate.handshakes";
    static final String HANDSHAKE_FAILURES = "certgate.handshake.failures";
    static final String BACKEND_ERRORS = "certgate.proxy.backend.errors";
    static final String BACKEND_LATENCY = "certgate.proxy.backend";
    static final String BAD_REQUESTS = "certgate.bad.requests";
    static final String PROXY_PROTOCOL_REFUSED = "certgate.proxy.protocol.refused";
    /**
     * Histogram buckets for backend latency: Prometheus's client defaults (5 ms to 10 s), then 30 s
     * and 60 s because a proxy location's readTimeout is 60 s by default.
     */
    static final Duration[] BACKEND_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};

    /** What a verdict cache tells about itself; the server adapts each site's cache to this. */
    public interface CacheView {
        long hits();

        long misses();

        long size();
    }

    /**
     * What a CRL held for a site tells about itself, as the server reads it from its revocation
     * snapshots at each scrape.
     *
     * @param source the file or distribution point URL it came from
     * @param nextRefresh when it will be downloaded again; empty for files
     * @param failures downloads that failed
     */
    public record CrlView(String source, Optional<Instant> thisUpdate, Optional<Instant> nextUpdate,
                          Optional<Instant> nextRefresh, int entries, long failures) {
    }

    /** Why a proxied request got no (complete) answer from its backend. */
    public enum BackendError {
        /** The backend could not be connected to: 502. */
        UNREACHABLE,
        /** The backend stayed silent longer than readTimeout: 504, or a cut answer. */
        TIMEOUT,
        /** The backend closed the connection before its answer was complete: 502, or a cut answer. */
        CLOSED,
        /** The TLS handshake with an https backend failed (its certificate refused, or certgate's): 502. */
        TLS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, RequestCounters> requests = new ConcurrentHashMap<>();
    private final Map<String, SiteHandshakes> handshakes = new ConcurrentHashMap<>();
    private final Map<String, Counter> handshakeFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> proxyProtocolRefusals = new ConcurrentHashMap<>();
    private final Map<String, Counter> badRequests = new ConcurrentHashMap<>();
    private final Map<String, CacheMeters> caches = new ConcurrentHashMap<>();
    private final Map<String, Backend> backends = new ConcurrentHashMap<>();
    private final Counter reloadSuccesses = reloads("success");
    private final Counter reloadFailures = reloads("failure");
    private final Counter accessLogDropped = Counter.builder("certgate.access.log.dropped")
            .description("Access log lines dropped because the disk could not keep up").register(registry);
    private final Counter connectionLogDropped = Counter.builder("certgate.connection.log.dropped")
            .description("Connection log lines dropped because the disk could not keep up").register(registry);
    private final CrlMeters crls;
    private final DirectoryMeters directories = new DirectoryMeters(registry);

    public GatewayMetrics() {
        this(Clock.systemUTC());
    }

    /** @param clock what CRL ages are measured against */
    public GatewayMetrics(Clock clock) {
        this.crls = new CrlMeters(registry, clock);
    }

    /** Counts a finished request (status 0 when the client left before the answer). */
    public void request(String site, int status, int substatus) {
        RequestCounters counters = requests.get(site); // get first: computeIfAbsent's lambda would allocate
        if (counters == null) {
            counters = requests.computeIfAbsent(site, s -> new RequestCounters(registry, s));
        }
        counters.increment(status, substatus);
    }

    /** An access log that counts each request in {@code certgate_requests_total}, then writes it to {@code log}. */
    public AccessLog metered(AccessLog log) {
        return new MeteredAccessLog(this, log);
    }

    /** Counts a completed TLS handshake. */
    public void handshake(String site, boolean resumed) {
        SiteHandshakes counters = handshakes.get(site);
        if (counters == null) {
            counters = handshakes.computeIfAbsent(site, SiteHandshakes::new);
        }
        (resumed ? counters.resumed : counters.full).increment();
    }

    /** Counts a failed TLS handshake; {@code reason} is one of a small closed set of labels. */
    public void handshakeFailed(String reason) {
        handshakeFailures.computeIfAbsent(reason, r -> Counter.builder(HANDSHAKE_FAILURES)
                .description("TLS handshakes that failed, by reason").tag("reason", r).register(registry)).increment();
    }

    /** Counts a connection refused for its PROXY header (or its source); {@code reason} is one of a small closed set of labels. */
    public void proxyProtocolRefused(String reason) {
        proxyProtocolRefusals.computeIfAbsent(reason, r -> Counter.builder(PROXY_PROTOCOL_REFUSED)
                .description("Connections closed before TLS for their PROXY protocol header or source, by reason")
                .tag("reason", r).register(registry)).increment();
    }

    /**
     * Counts a request certgate refused as malformed (or a connection it closed for a protocol
     * violation); {@code reason} is one of a small closed set of labels, so the label set stays bounded.
     */
    public void badRequest(String reason) {
        Counter counter = badRequests.get(reason);
        if (counter == null) {
            counter = badRequests.computeIfAbsent(reason, r -> Counter.builder(BAD_REQUESTS)
                    .description("Requests refused as malformed or hostile, by reason").tag("reason", r).register(registry));
        }
        counter.increment();
    }

    /**
     * Binds each site's verdict cache, after every runtime install. Counts of the previous caches
     * are carried over; a site that is gone keeps its counts and reports size 0.
     */
    public void verdictCaches(Map<String, CacheView> bySite) {
        Set<String> gone = new HashSet<>(caches.keySet());
        gone.removeAll(bySite.keySet());
        bySite.forEach((site, view) -> caches.computeIfAbsent(site, CacheMeters::new).bind(view));
        gone.forEach(site -> caches.get(site).bind(null));
    }

    /** The meters of one proxy backend, by its URL; resolve once per request, then record on it. */
    public Backend backend(String url) {
        Backend backend = backends.get(url);
        return backend != null ? backend : backends.computeIfAbsent(url, Backend::new);
    }

    /** Counts a reload attempt. */
    public void reloaded(boolean success) {
        (success ? reloadSuccesses : reloadFailures).increment();
    }

    /** Counts an access log line that was dropped. */
    public void accessLogLineDropped() {
        accessLogDropped.increment();
    }

    /** Counts a connection log line dropped because the disk could not keep up. */
    public void connectionLogLineDropped() {
        connectionLogDropped.increment();
    }

    /** Where each site's CRLs are read from at every scrape; set at each runtime install. */
    public void crls(Supplier<Map<String, List<CrlView>>> bySite) {
        crls.bind(bySite);
    }

    /** Everything, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    /** Directory lookups and cache hits ({@link DirectoryMeters}). */
    public DirectoryMeters directories() {
        return directories;
    }

    public String scrape() {
        crls.refresh();
        return registry.scrape();
    }

    private Counter reloads(String result) {
        return Counter.builder("certgate.reloads").description("Configuration reloads, by result")
                .tag("result", result).register(registry);
    }

    private final class SiteHandshakes {
        final Counter full;
        final Counter resumed;

        SiteHandshakes(String site) {
            full = handshakes(site, "full");
            resumed = handshakes(site, "resumed");
        }

        private Counter handshakes(String site, String kind) {
            return Counter.builder(HANDSHAKES)
                    .description("TLS handshakes completed, by site and kind (full, or resumed from a session)")
                    .tags("site", site, "kind", kind).register(registry);
        }
    }

    /** One site's verdict cache meters, reading whichever cache the current runtime has. */
    private final class CacheMeters {
        private final CarriedCount hits = new CarriedCount();
        private final CarriedCount misses = new CarriedCount();
        private volatile CacheView current;

        CacheMeters(String site) {
            FunctionCounter.builder("certgate.verdict.cache.hits", hits, CarriedCount::value)
                    .description("Client certificate verdicts answered from the cache").tag("site", site).register(registry);
            FunctionCounter.builder("certgate.verdict.cache.misses", misses, CarriedCount::value)
                    .description("Client certificate chains that had to be validated").tag("site", site).register(registry);
            Gauge.builder("certgate.verdict.cache.size", this, m -> m.size())
                    .description("Verdicts held in the cache").tag("site", site).register(registry);
        }

        void bind(CacheView view) {
            current = view;
            hits.rebind(view == null ? null : view::hits);
            misses.rebind(view == null ? null : view::misses);
        }

        private double size() {
            CacheView view = current;
            return view == null ? 0 : view.size();
        }
    }

    /** The meters of one backend. */
    public final class Backend {
        private final Timer latency;
        private final Map<BackendError, Counter> errors = new ConcurrentHashMap<>();
        private final String url;

        private Backend(String url) {
            this.url = url;
            this.latency = Timer.builder(BACKEND_LATENCY)
                    .description("Seconds from forwarding a request until the backend's answer began")
                    .tag("backend", url)
                    .serviceLevelObjectives(BACKEND_BUCKETS)
                    .register(registry);
        }

        /** The backend's answer began {@code nanos} after the request was forwarded. */
        public void answered(long nanos) {
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }

        public void failed(BackendError error) {
            errors.computeIfAbsent(error, e -> Counter.builder(BACKEND_ERRORS)
                    .description("Proxied requests the backend did not answer completely, by kind")
                    .tags("backend", url, "kind", e.label()).register(registry)).increment();
        }
    }

    /** Counts each request, then passes it to the access log. */
    private record MeteredAccessLog(GatewayMetrics metrics, AccessLog log) implements AccessLog {
        @Override
        public void record(AccessRecord record) {
            metrics.request(record.site(), record.status(), record.substatus());
            log.record(record);
        }

        @Override
        public boolean writesRecords() {
            return log.writesRecords();
        }

        @Override
        public void count(String site, int status, int substatus) {
            metrics.request(site, status, substatus);
            log.count(site, status, substatus);
        }

        @Override
        public void reopen() {
            log.reopen();
        }

        @Override
        public void close() {
            log.close();
        }
    }
}
