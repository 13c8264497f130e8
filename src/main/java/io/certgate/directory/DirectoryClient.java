package io.certgate.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.certgate.config.DirectoryConfig;
import io.certgate.config.DirectoryOnUnavailable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured directory: lookups run on its own small executor (one thread per pooled
 * connection, never an event loop) and their answers are cached by query, which is per
 * certificate: found and not-found answers alike, for {@code cacheTtl}. An error is never
 * cached; with {@code onUnavailable: cached} the last answer, up to {@code maxStale} older than
 * its {@code cacheTtl}, is served instead. Concurrent lookups of one query share one search.
 */
public final class DirectoryClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryClient.class);

    /** Distinct certificates whose answers are kept; beyond this the least used go. */
    public static final int MAX_CACHED_ANSWERS = 100_000;
    /** Lookups waiting for a connection; beyond this a lookup fails at once rather than queueing for minutes. */
    static final int MAX_WAITING = 10_000;

    private final DirectoryConfig config;
    private final LdapConnections connections;
    private final AccountSearch search;
    private final DirectoryEvents events;
    private final Ticker ticker;
    private final Cache<Query, Answer> answers;
    private final ConcurrentHashMap<Query, CompletableFuture<Lookup>> inFlight = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;

    /** An answer and when it was given (ticker nanos). */
    private record Answer(Lookup lookup, long at) {
    }

    public DirectoryClient(DirectoryConfig config, DirectoryEvents events, Ticker ticker) {
        this.config = config;
        this.connections = new LdapConnections(config);
        this.search = new AccountSearch(config);
        this.events = events;
        this.ticker = ticker;
        Duration kept = config.cacheTtl().plus(config.onUnavailable() == DirectoryOnUnavailable.CACHED
                ? config.maxStale() : Duration.ZERO);
        this.answers = Caffeine.newBuilder().maximumSize(MAX_CACHED_ANSWERS).expireAfterWrite(kept).ticker(ticker)
                .build();
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(LdapConnections.MAX_CONNECTIONS, LdapConnections.MAX_CONNECTIONS,
                1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(MAX_WAITING), r -> {
                    Thread thread = new Thread(r, "certgate-directory-" + config.name() + "-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    public DirectoryClient(DirectoryConfig config, DirectoryEvents events) {
        this(config, events, Ticker.systemTicker());
    }

    public String name() {
        return config.name();
    }

    public DirectoryConfig config() {
        return config;
    }

    /**
     * The answer to a query: at once from the cache when fresh, otherwise when the directory
     * answers (completed on the directory's executor). Never completes exceptionally: an
     * error is a {@link Lookup.Result#ERROR} answer.
     */
    public CompletableFuture<Lookup> find(Query query) {
        Answer known = answers.getIfPresent(query);
        if (known != null && fresh(known)) {
            events.cacheHit(config.name());
            return CompletableFuture.completedFuture(known.lookup().cached(Lookup.CacheState.HIT));
        }
        CompletableFuture<Lookup> started = new CompletableFuture<>();
        CompletableFuture<Lookup> running = inFlight.putIfAbsent(query, started);
        if (running != null) {
            return running;
        }
        // Removed before completing: a caller woken by the answer must not find this finished search again.
        try {
            executor.execute(() -> {
                Lookup lookup = ask(query);
                inFlight.remove(query, started);
                started.complete(lookup);
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(query, started);
            started.complete(fallback(query, error(query, "too many lookups are waiting for the directory")));
        }
        return started;
    }

    /** The same answer as {@link #find}, waiting for it: for {@code certgate explain}, never the request path. */
    public Lookup findNow(Query query) {
        return find(query).join();
    }

    /**
     * The entry at {@code dn} with {@code attributes}, read through this directory's pool (its
     * bind, TLS and server), or empty when there is no such entry: for revocation's hostless
     * {@code ldap:///} CRL distribution points ({@code revocation.directory}). Not cached here
     * (revocation keeps CRLs until their nextUpdate) and not counted as an account lookup.
     * Blocking, on the caller's thread: a download thread, never an event loop.
     *
     * @param timeout how long the directory may take to answer the search
     * @throws LDAPException when the directory cannot be reached or refuses the search
     */
    public Optional<SearchResultEntry> readEntry(String dn, Duration timeout, String... attributes)
            throws LDAPException {
        SearchRequest request = new SearchRequest(dn, SearchScope.BASE, Filter.createPresenceFilter("objectClass"),
                attributes);
        request.setSizeLimit(1);
        request.setTimeLimitSeconds((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
        request.setResponseTimeoutMillis(timeout.toMillis());
        try {
            List<SearchResultEntry> entries = connections.pool().search(request).getSearchEntries();
            return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Optional.empty();
            }
            resetIfBroken(e);
            throw e;
        } catch (LDAPException e) {
            resetIfBroken(e);
            throw e;
        }
    }

    /** A failure that leaves the connection unusable (server down, timeout) opens a new pool next time. */
    private void resetIfBroken(LDAPException e) {
        if (!ResultCode.isConnectionUsable(e.getResultCode())) {
            connections.reset();
        }
    }

    private Lookup ask(Query query) {
        long start = ticker.read();
        Lookup lookup;
        try {
            lookup = search.run(connections.pool(), query);
        } catch (LDAPException e) {
            connections.reset();
            lookup = error(query, e.getResultCode() + (e.getDiagnosticMessage() == null ? ""
                    : ": " + e.getDiagnosticMessage()));
        } catch (RuntimeException e) {
            lookup = error(query, e.toString());
        }
        events.lookup(config.name(), lookup.result(), ticker.read() - start);
        if (lookup.result() == Lookup.Result.ERROR) {
            LOG.warn("directory {} ({}) did not answer {}: {}", config.name(), config.url(), lookup.filter(),
                    lookup.problem());
            return fallback(query, lookup);
        }
        answers.put(query, new Answer(lookup, ticker.read()));
        return lookup;
    }

    /** With onUnavailable: cached, the last answer within maxStale instead of the error. */
    private Lookup fallback(Query query, Lookup error) {
        if (config.onUnavailable() != DirectoryOnUnavailable.CACHED) {
            return error;
        }
        Answer known = answers.getIfPresent(query);
        if (known == null || ticker.read() - known.at() > config.cacheTtl().plus(config.maxStale()).toNanos()) {
            return error;
        }
        events.cacheHit(config.name());
        return known.lookup().cached(Lookup.CacheState.STALE);
    }

    private boolean fresh(Answer answer) {
        return ticker.read() - answer.at() < config.cacheTtl().toNanos();
    }

    private Lookup error(Query query, String problem) {
        return new Lookup(config.name(), query.describe(config.userFilter()), Lookup.Result.ERROR, Optional.empty(),
                List.of(), problem, Lookup.CacheState.MISS);
    }

    /** Closes the pool and stops the executor; lookups still queued end as errors. */
    @Override
    public void close() {
        executor.shutdownNow().forEach(Runnable::run);
        connections.close();
    }
}
