package io.certgate.revocation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where downloads (CRL and OCSP) run: at most {@link #MAX_PER_HOST} at once to one host and at
 * most {@code total} at once in all; the others wait in order of arrival, holding no thread. So
 * a dead or slow server occupies two download threads, not all of them, and a healthy server's
 * CRL is never queued behind a dead one's downloads. How long a download runs is bounded by
 * {@link HttpDownloader#limit}, so a slot is always given back.
 */
final class DownloadSlots implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadSlots.class);

    /**
     * Downloads running at once to one host (name and port). Two, as RFC 2616 §8.1.4 once asked of
     * every client: a CRL server in trouble is not hammered by a queue of certgate's downloads, and
     * a second one keeps a CRL and a delta CRL (or two CAs' CRLs) of the same server apart.
     */
    static final int MAX_PER_HOST = 2;

    /** One download waiting for, or holding, a slot. */
    private record Task(String host, Runnable work, Runnable rejected) {
    }

    private final Executor threads;
    private final int total;
    private final Map<String, Integer> running = new HashMap<>(); // guarded by this
    private final ArrayDeque<Task> waiting = new ArrayDeque<>(); // guarded by this
    private int runningInAll; // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param threads where downloads run; it must run {@code total} tasks at once
     * @param total downloads running at once in all
     */
    DownloadSlots(Executor threads, int total) {
        this.threads = threads;
        this.total = total;
    }

    /** Slots for tests: each download runs at once on the caller's thread. */
    static DownloadSlots inline() {
        return new DownloadSlots(Runnable::run, Integer.MAX_VALUE);
    }

    /**
     * Runs {@code work} when {@code host} and the pool have a free slot; {@code rejected} instead
     * when certgate stops first. Never blocks.
     */
    void execute(String host, Runnable work, Runnable rejected) {
        Task task = new Task(host, work, rejected);
        synchronized (this) {
            if (closed) {
                task.rejected().run();
                return;
            }
            if (!hasSlot(host)) {
                waiting.add(task);
                return;
            }
            take(host);
        }
        start(task);
    }

    /** Downloads waiting for a slot for {@code host}, for the sentence of a verdict that could not wait longer. */
    synchronized int waitingFor(String host) {
        int count = 0;
        for (Task task : waiting) {
            if (task.host().equals(host)) {
                count++;
            }
        }
        return count;
    }

    /** Downloads running to {@code host} now. */
    synchronized int runningFor(String host) {
        return running.getOrDefault(host, 0);
    }

    private void start(Task first) {
        try {
            threads.execute(() -> work(first));
        } catch (RejectedExecutionException stopping) {
            List<Task> dropped;
            synchronized (this) {
                give(first.host());
                closed = true;
                dropped = drain();
            }
            first.rejected().run();
            dropped.forEach(t -> t.rejected().run());
        }
    }

    /** Runs a task, then, on the same thread, the next one that has a slot: giving back and taking is one step. */
    private void work(Task first) {
        Task task = first;
        while (task != null) {
            try {
                task.work().run();
            } catch (RuntimeException e) {
                LOG.warn("a download to {} failed unexpectedly", task.host(), e);
            }
            synchronized (this) {
                give(task.host());
                task = closed ? null : next();
            }
        }
    }

    private Task next() {
        for (Iterator<Task> it = waiting.iterator(); it.hasNext(); ) {
            Task candidate = it.next();
            if (hasSlot(candidate.host())) {
                it.remove();
                take(candidate.host());
                return candidate;
            }
        }
        return null;
    }

    private boolean hasSlot(String host) {
        return runningInAll < total && running.getOrDefault(host, 0) < MAX_PER_HOST;
    }

    private void take(String host) {
        running.merge(host, 1, Integer::sum);
        runningInAll++;
    }

    private void give(String host) {
        running.computeIfPresent(host, (h, n) -> n == 1 ? null : n - 1);
        runningInAll--;
    }

    private List<Task> drain() {
        List<Task> dropped = new ArrayList<>(waiting);
        waiting.clear();
        return dropped;
    }

    /** Downloads still waiting are told certgate stops; running ones end within their limit. */
    @Override
    public void close() {
        List<Task> dropped;
        synchronized (this) {
            closed = true;
            dropped = drain();
        }
        dropped.forEach(t -> t.rejected().run());
    }

    /** The slot key of a URL: host and port, as a connection is made to them. */
    static String hostOf(java.net.URI url) {
        String host = url.getHost() == null ? String.valueOf(url.getAuthority()) : url.getHost().toLowerCase(java.util.Locale.ROOT);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        return host + ":" + (url.getPort() == -1 ? HttpDownloader.defaultPort(scheme) : url.getPort());
    }
}
