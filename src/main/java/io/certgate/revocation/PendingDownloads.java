package io.certgate.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The downloads one revocation check needed and did not wait for. A checker made {@link
 * RevocationChecker#withoutWaiting without waiting} starts (or joins) each download it needs,
 * records it here and answers "unknown" for now; whoever asked then waits for the downloads as a
 * future, holding no thread, and checks again with the CRLs now held: see {@link #settle}.
 *
 * <p>In the {@linkplain #lastRound() last round} nothing more is waited for: a download still
 * running (or still waiting for a slot) is reported as not arrived in time, and keeps going, so
 * that the next request finds its CRL.
 */
public final class PendingDownloads {

    /**
     * Rounds of checking at most for one answer: a CRL, then its delta CRL (named in the CRL),
     * then the CRL of a separate CRL signer, then that one's delta. Each round waits only for
     * what is left of the one deadline, so more rounds never mean more time.
     */
    static final int MAX_ROUNDS = 4;

    private final boolean lastRound;
    private final Duration limit;
    private final List<CompletableFuture<?>> downloads = new ArrayList<>(); // guarded by this

    private PendingDownloads(boolean lastRound, Duration limit) {
        this.lastRound = lastRound;
        this.limit = limit;
    }

    /** A round that may wait: downloads needed are recorded. */
    public static PendingDownloads collecting(Duration limit) {
        return new PendingDownloads(false, limit);
    }

    /** The last round: what has not arrived now did not arrive in time. */
    public static PendingDownloads lastRound(Duration limit) {
        return new PendingDownloads(true, limit);
    }

    /** True in the last round. */
    boolean isLastRound() {
        return lastRound;
    }

    /** How long the whole answer may wait for downloads: the sentence of a timed-out one says it. */
    Duration limit() {
        return limit;
    }

    /** Records a download the answer needs. */
    synchronized void await(CompletableFuture<?> download) {
        downloads.add(download);
    }

    /** True when the answer needed no download it did not have: it is final. */
    public synchronized boolean isEmpty() {
        return downloads.isEmpty();
    }

    /** Completes (never exceptionally) when every recorded download has finished, well or not. */
    public synchronized CompletableFuture<Void> settled() {
        return CompletableFuture.allOf(downloads.stream().map(d -> d.handle((ok, failed) -> null))
                .toArray(CompletableFuture[]::new));
    }

    /**
     * The answer of {@code attempt}, waiting for its downloads without holding a thread: each
     * round runs on {@code executor}; when it needed downloads, the next round runs when they have
     * finished or when {@code limit} (counted from the first round) is over, whichever comes first,
     * and the round after the limit is the last. The future completes with the first answer that
     * needed nothing, or with the last round's.
     */
    public static <T> CompletableFuture<T> settle(Function<PendingDownloads, T> attempt, Duration limit, Executor executor) {
        long deadline = System.nanoTime() + limit.toNanos();
        return CompletableFuture.supplyAsync(() -> round(attempt, limit, deadline, 1, executor), executor)
                .thenCompose(Function.identity());
    }

    private static <T> CompletableFuture<T> round(Function<PendingDownloads, T> attempt, Duration limit, long deadline,
                                                  int round, Executor executor) {
        long left = deadline - System.nanoTime();
        boolean last = left <= 0 || round >= MAX_ROUNDS;
        PendingDownloads pending = last ? lastRound(limit) : collecting(limit);
        T answer = attempt.apply(pending);
        if (last || pending.isEmpty()) {
            return CompletableFuture.completedFuture(answer);
        }
        return pending.settled()
                .completeOnTimeout(null, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .thenComposeAsync(done -> round(attempt, limit, deadline, round + 1, executor), executor);
    }

    /**
     * The same rounds on the caller's thread, for callers that may block (the command line and
     * tests); the gateway uses {@link #settle}.
     */
    public static <T> T settleBlocking(Function<PendingDownloads, T> attempt, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int round = 1; ; round++) {
            long left = deadline - System.nanoTime();
            boolean last = left <= 0 || round >= MAX_ROUNDS;
            PendingDownloads pending = last ? lastRound(limit) : collecting(limit);
            T answer = attempt.apply(pending);
            if (last || pending.isEmpty()) {
                return answer;
            }
            try {
                pending.settled().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException slow) {
                // the next round is the last: it says what did not arrive
            } catch (java.util.concurrent.ExecutionException impossible) {
                // settled() never completes exceptionally
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return attempt.apply(lastRound(limit));
            }
        }
    }
}
