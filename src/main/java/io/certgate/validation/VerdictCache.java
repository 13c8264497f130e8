package io.certgate.validation;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.certgate.revocation.PendingDownloads;
import io.certgate.revocation.RevocationChecker;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides each distinct chain once and reuses the verdict until the earliest of: a certificate
 * of the path expires, the revocation data it used reaches nextUpdate, the policy's TTL, or the
 * revocation data changes (a CRL reload or refresh bumps its generation). Concurrent requests
 * for the same new chain share one validation.
 *
 * <p>A resumed TLS session is judged here again like any other, so a certificate revoked since
 * the first handshake is refused on resumption too.
 */
public final class VerdictCache implements ClientCertificateJudge {

    /** Distinct chains remembered; beyond this the least recently used are forgotten. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final PathValidator validator;
    private final Clock clock;
    private final Executor executor;
    private final AsyncCache<ChainKey, Verdict> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param executor where new chains are validated; never an event loop (a validation costs
     *                 signature checks), but never blocked either: downloads are waited for as futures
     */
    public VerdictCache(PathValidator validator, Clock clock, Executor executor, int maxEntries) {
        this.validator = validator;
        this.clock = clock;
        this.executor = executor;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).buildAsync();
    }

    @Override
    public CompletableFuture<Verdict> judge(List<X509Certificate> presentedChain) {
        if (presentedChain.isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.missing());
        }
        ChainKey key;
        try {
            key = ChainKey.of(presentedChain);
        } catch (RuntimeException malformed) {
            // Not cacheable, but still judged off the event loop: validation may wait for a download.
            return decide(List.copyOf(presentedChain));
        }
        CompletableFuture<Verdict> existing = cache.getIfPresent(key);
        if (existing != null) {
            Verdict done = existing.getNow(null);
            if (done == null || isCurrent(done)) {
                hits.increment();
                return existing;
            }
            cache.asMap().remove(key, existing);
        }
        misses.increment();
        List<X509Certificate> chain = List.copyOf(presentedChain);
        return cache.get(key, (k, unused) -> decide(chain));
    }

    /**
     * A new verdict. The validation thread never waits for a CRL or OCSP download: a chain that
     * needs one starts it and lets go of the thread; the verdict is decided again when the
     * download is done, or once the downloads' limit (connectTimeout + readTimeout) is over,
     * counted from now, whichever comes first. So chains that need no download are never queued
     * behind ones that do.
     */
    private CompletableFuture<Verdict> decide(List<X509Certificate> chain) {
        RevocationChecker revocation = validator.revocation();
        return PendingDownloads.settle(pending -> validator.withRevocation(revocation.withoutWaiting(pending))
                .validate(chain, clock.instant()), revocation.downloadLimit(), executor);
    }

    @Override
    public boolean isCurrent(Verdict verdict) {
        Instant now = clock.instant();
        return now.isBefore(verdict.validUntil())
                && verdict.revocationGeneration() == validator.revocation().generation();
    }

    /** Lookups answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that had to validate. */
    public long misses() {
        return misses.sum();
    }

    /** Verdicts held now. */
    public long size() {
        return cache.synchronous().estimatedSize();
    }

    /** The validator behind the cache. */
    public PathValidator validator() {
        return validator;
    }

    /** The cached verdict for a chain, when there is a current one (for tests and explain). */
    Optional<Verdict> peek(List<X509Certificate> chain) {
        CompletableFuture<Verdict> future = cache.getIfPresent(ChainKey.of(chain));
        return Optional.ofNullable(future).map(f -> f.getNow(null)).filter(this::isCurrent);
    }
}
