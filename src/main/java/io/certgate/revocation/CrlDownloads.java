package io.certgate.revocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRLs downloaded from the http and ldap distribution points that certificates name. Each URL is
 * downloaded when a certificate first needs it, then kept and refreshed in the background ahead
 * of its nextUpdate. When a refresh fails the last good CRL stays in use until its nextUpdate
 * plus the grace period. Concurrent needs for the same URL share one download. A successful
 * refresh that changes anything calls {@code onChange}, so that verdicts decided with the old
 * CRL are decided again. A URL that never gave a CRL is not retried in the background: only a
 * certificate that needs it starts another download.
 *
 * <p>Downloads run in {@link DownloadSlots} (a few per host); a request never waits on a thread
 * for one: it records the download in its {@link PendingDownloads} and is answered again when
 * the download is done.
 */
final class CrlDownloads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CrlDownloads.class);

    /** A refresh is due this share of a CRL's validity (thisUpdate to nextUpdate) before its nextUpdate... */
    static final double REFRESH_AHEAD_FRACTION = 0.1;
    /** ...but never further ahead than this: CAs publish the next CRL in the last hours, not weeks early. */
    static final Duration MAX_REFRESH_AHEAD = Duration.ofHours(1);
    /** Close to or past nextUpdate, while the server still serves the same CRL, it is asked again this often. */
    static final Duration NEAR_EXPIRY_POLL = Duration.ofMinutes(1);
    /**
     * After a failed download the next background try waits this long, doubled per failure in a
     * row (at most {@link #MAX_RETRY_DOUBLINGS} times: about 11 minutes) and never longer than
     * refreshInterval. For this long after a failure, requests are told of it at once rather than
     * each waiting for another download from a server that just failed.
     */
    static final Duration RETRY_BASE = Duration.ofSeconds(10);
    static final int MAX_RETRY_DOUBLINGS = 6;
    /** A URL no certificate needed for this long is forgotten and no longer refreshed. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    /** Distinct URLs held at most, so that certificates naming ever new URLs cannot grow memory without bound. */
    static final int MAX_URLS = 1024;

    private final HttpDownloader downloader;
    private final LdapDownloader ldap;
    private final DownloadSlots slots;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Duration grace;
    private final Duration refreshInterval;
    private final Runnable onChange;
    private final java.util.function.Consumer<CompactCrl> onLoad;
    private final ConcurrentHashMap<URI, Point> points = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param onChange called when a download brought a CRL different from the one held
     * @param onLoad called with each CRL downloaded, before it is used
     */
    CrlDownloads(HttpDownloader downloader, DownloadSlots slots, Scheduler scheduler, Clock clock, Duration grace,
                 Duration refreshInterval, Runnable onChange, java.util.function.Consumer<CompactCrl> onLoad) {
        this(downloader, new LdapDownloader(downloader.connectTimeout(), downloader.readTimeout(), downloader.maxBytes(),
                Optional.empty()), slots, scheduler, clock, grace, refreshInterval, onChange, onLoad);
    }

    /**
     * @param ldap fetches ldap:// and ldaps:// distribution points, with the same timeouts and size cap as {@code downloader}
     */
    CrlDownloads(HttpDownloader downloader, LdapDownloader ldap, DownloadSlots slots, Scheduler scheduler, Clock clock,
                 Duration grace, Duration refreshInterval, Runnable onChange,
                 java.util.function.Consumer<CompactCrl> onLoad) {
        this.downloader = downloader;
        this.ldap = ldap;
        this.slots = slots;
        this.scheduler = scheduler;
        this.clock = clock;
        this.grace = grace;
        this.refreshInterval = refreshInterval;
        this.onChange = onChange;
        this.onLoad = onLoad;
    }

    /**
     * The CRLs at {@code url}: those held when still usable at {@code at}, else a download,
     * waited for on the caller's thread (at most {@link HttpDownloader#limit}). For callers that
     * may block: the command line and tests. The gateway's verdicts use the other {@code get}.
     */
    CrlCheck.Download get(URI url, Instant at) {
        return PendingDownloads.settleBlocking(pending -> get(url, at, pending), downloader.limit());
    }

    /**
     * The CRLs at {@code url}, never waiting: those held when still usable at {@code at}, the
     * failure of a download that just failed, or else a download started (or joined, when one
     * is in flight) and recorded in {@code pending}, with the answer that it is on its way.
     */
    CrlCheck.Download get(URI url, Instant at, PendingDownloads pending) {
        Point point = points.get(url);
        if (point == null) {
            Optional<String> unusable = unusable(url);
            if (unusable.isPresent()) {
                // Known without asking anyone (AD's hostless form and no revocation.ldapServer):
                // a reason for this URL, never a download slot or a remembered point.
                return new CrlCheck.Download(List.of(), Optional.of("the CRL at " + url + " " + unusable.get()));
            }
            if (points.size() >= MAX_URLS) {
                forgetFailed();
            }
            if (points.size() >= MAX_URLS) {
                return new CrlCheck.Download(List.of(), Optional.of("the CRL at " + url + " is not downloaded: certificates"
                        + " named more than " + MAX_URLS + " distribution points"));
            }
            point = points.computeIfAbsent(url, Point::new);
        }
        point.lastUsed = clock.instant();
        List<HeldCrl> held = point.held;
        if (!held.isEmpty() && held.stream().allMatch(h -> h.usableUntil().map(u -> !u.isBefore(at)).orElse(true))) {
            return new CrlCheck.Download(held, Optional.empty());
        }
        Instant failedAt = point.failedAt;
        String failure = point.lastFailure;
        if (failure != null && failedAt != null && clock.instant().isBefore(failedAt.plus(RETRY_BASE))) {
            return new CrlCheck.Download(held, Optional.of("the CRL at " + url + " " + failure));
        }
        Instant downloadedAt = point.downloadedAt;
        if (!held.isEmpty() && downloadedAt != null && clock.instant().isBefore(downloadedAt.plus(RETRY_BASE))) {
            // Just downloaded and already past its nextUpdate: the server serves a stale CRL (a CA
            // late to publish). Asking again at once would only download and verify it again;
            // what is held says why it cannot be used.
            return new CrlCheck.Download(held, Optional.empty());
        }
        CompletableFuture<List<HeldCrl>> download = point.refresh(false);
        if (download.isDone()) {
            try {
                return new CrlCheck.Download(download.join(), Optional.empty());
            } catch (java.util.concurrent.CompletionException failed) {
                return new CrlCheck.Download(point.held, Optional.of("the CRL at " + url + " " + failed.getCause().getMessage()));
            }
        }
        if (pending.isLastRound()) {
            return new CrlCheck.Download(point.held, Optional.of("the CRL at " + url + " did not arrive within "
                    + HttpDownloader.describe(pending.limit()) + " (timed out)" + point.queueing()));
        }
        pending.await(download);
        return new CrlCheck.Download(point.held, Optional.of("the CRL at " + url + " is being downloaded"));
    }

    private static boolean isLdap(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("ldap") || scheme.equals("ldaps");
    }

    /** Why an ldap URL cannot be fetched at all (no server to ask, not RFC 4516), if it cannot. */
    private Optional<String> unusable(URI url) {
        if (!isLdap(url)) {
            return Optional.empty();
        }
        try {
            ldap.target(url);
            return Optional.empty();
        } catch (HttpDownloader.DownloadException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The host a download counts against in {@link DownloadSlots}: for ldap the server actually asked. */
    private String slotHost(URI url) {
        if (isLdap(url)) {
            try {
                LdapDownloader.Target target = ldap.target(url);
                return target.host().toLowerCase(java.util.Locale.ROOT) + ":" + target.port();
            } catch (HttpDownloader.DownloadException unusable) {
                return DownloadSlots.hostOf(url);
            }
        }
        return DownloadSlots.hostOf(url);
    }

    private byte[] fetch(URI url) throws HttpDownloader.DownloadException {
        return isLdap(url) ? ldap.get(url) : downloader.get(url);
    }

    /** The downloader's limit: the longest a download takes. */
    Duration limit() {
        return downloader.limit();
    }

    /**
     * Makes room among {@link #MAX_URLS}: a URL that never gave a CRL, has no download in flight
     * and failed longer than {@link #RETRY_BASE} ago is only a memory of that failure.
     */
    private void forgetFailed() {
        Instant now = clock.instant();
        points.values().removeIf(p -> p.held.isEmpty() && !p.inFlight() && p.failedAt != null
                && !now.isBefore(p.failedAt.plus(RETRY_BASE)));
    }

    /** What is held per URL, for metrics. */
    List<CrlSnapshot> snapshots() {
        List<CrlSnapshot> snapshots = new ArrayList<>();
        for (Point point : points.values()) {
            Optional<String> failure = Optional.ofNullable(point.lastFailure);
            Optional<Instant> next = Optional.ofNullable(point.nextRefresh);
            if (point.held.isEmpty()) {
                snapshots.add(new CrlSnapshot("crl:" + point.url, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                        false, failure, point.failures.get(), next));
            }
            for (HeldCrl held : point.held) {
                snapshots.add(CrlSnapshot.of(held, failure, point.failures.get(), next));
            }
        }
        return snapshots;
    }

    @Override
    public void close() {
        closed = true;
        points.values().forEach(Point::cancel);
    }

    /** One URL: what it last gave, its download in flight and its next refresh. */
    private final class Point {
        final URI url;
        volatile List<HeldCrl> held = List.of();
        volatile String lastFailure;
        volatile Instant failedAt;
        /** When the held CRLs were last downloaded. */
        volatile Instant downloadedAt;
        volatile Instant nextRefresh;
        volatile Instant lastUsed;
        final AtomicLong failures = new AtomicLong();
        /** True once the download in flight has a slot and runs. */
        volatile boolean started;
        private int failuresInARow; // guarded by this
        private CompletableFuture<List<HeldCrl>> inFlight; // guarded by this
        private Scheduler.Scheduled scheduled; // guarded by this

        /** The host its downloads count against in {@link DownloadSlots}. */
        final String host;

        Point(URI url) {
            this.url = url;
            this.host = slotHost(url);
        }

        /**
         * The download in flight, or a new one: concurrent needs share it (single flight).
         *
         * @param background a refresh of a CRL held, not a request's need
         */
        synchronized CompletableFuture<List<HeldCrl>> refresh(boolean background) {
            if (inFlight != null) {
                return inFlight;
            }
            CompletableFuture<List<HeldCrl>> download = new CompletableFuture<>();
            inFlight = download;
            started = false;
            slots.execute(host, () -> download(download, background), () -> {
                synchronized (this) {
                    if (inFlight == download) {
                        inFlight = null;
                    }
                }
                download.completeExceptionally(new HttpDownloader.DownloadException("is not downloaded: certgate is stopping"));
            });
            return download;
        }

        synchronized boolean inFlight() {
            return inFlight != null;
        }

        /** Why a download in flight may be late: it has not started, waiting for a slot for its host. */
        String queueing() {
            if (started || !inFlight()) {
                return "";
            }
            return "; it waits for a download slot: " + slots.runningFor(host) + " downloads from " + host
                    + " are running (" + DownloadSlots.MAX_PER_HOST + " at most) and " + slots.waitingFor(host) + " waiting";
        }

        private void download(CompletableFuture<List<HeldCrl>> download, boolean background) {
            Instant used = lastUsed;
            if (!background && used != null && clock.instant().isAfter(used.plus(downloader.limit()))) {
                // Every request that needed it gave up while it waited for a slot: connecting now
                // would only ask a server that is likely dead for a CRL no certificate waits for.
                synchronized (this) {
                    inFlight = null;
                }
                download.completeExceptionally(new HttpDownloader.DownloadException("was not downloaded: every request"
                        + " that needed it stopped waiting while it waited for a download slot"));
                return;
            }
            started = true;
            List<HeldCrl> result = null;
            Exception failure = null;
            try {
                result = accept(fetch(url));
            } catch (HttpDownloader.DownloadException e) {
                failure = e;
            } catch (MalformedCrlException e) {
                failure = new HttpDownloader.DownloadException("cannot be read as a CRL: " + e.getMessage());
            } catch (RuntimeException e) {
                failure = new HttpDownloader.DownloadException("cannot be used: " + e);
            }
            if (failure != null) {
                // Recorded before the download stops being in flight, so that a request arriving
                // in between hears of the failure instead of starting another download.
                failures.incrementAndGet();
                lastFailure = failure.getMessage();
                failedAt = clock.instant();
            }
            synchronized (this) {
                inFlight = null;
                if (failure != null) {
                    failuresInARow++;
                }
                if (failure == null || !held.isEmpty()) {
                    scheduleNext(failure == null);
                } else {
                    // Nothing held, so no verdict relies on this URL being refreshed: no background
                    // retry. A certificate that needs it again (verdicts met with a failure are
                    // decided again after UNKNOWN_RECHECK) starts the next download itself.
                    nextRefresh = null;
                    if (scheduled != null) {
                        scheduled.cancel();
                        scheduled = null;
                    }
                }
            }
            if (failure != null) {
                LOG.warn("the CRL at {} {}{}", url, failure.getMessage(), held.isEmpty() ? ""
                        : "; the one issued " + held.get(0).crl().thisUpdate() + " stays in use until "
                        + held.get(0).usableUntil().map(Instant::toString).orElse("a new one arrives"));
                download.completeExceptionally(failure);
            } else {
                download.complete(result);
            }
        }

        /** Parses a download and makes it the held CRL, unless it is older than the one held (a replay). */
        private List<HeldCrl> accept(byte[] body) throws MalformedCrlException, HttpDownloader.DownloadException {
            List<HeldCrl> fresh = new ArrayList<>();
            for (byte[] der : CrlFile.blobs(body)) {
                CompactCrl crl = CompactCrl.parse(der);
                onLoad.accept(crl);
                fresh.add(new HeldCrl(crl, "crl:" + url, grace));
            }
            List<HeldCrl> previous = held;
            boolean changed = previous.size() != fresh.size();
            for (int i = 0; i < fresh.size(); i++) {
                CompactCrl now = fresh.get(i).crl();
                for (HeldCrl before : previous) {
                    if (sameScope(before.crl(), now) && before.crl().thisUpdate().isAfter(now.thisUpdate())) {
                        // An old CRL replayed must not take back a revocation the newer one lists.
                        throw new HttpDownloader.DownloadException("served a CRL issued " + now.thisUpdate()
                                + ", older than the one held (issued " + before.crl().thisUpdate() + ")");
                    }
                }
                changed |= i >= previous.size() || !previous.get(i).crl().sameAs(now);
            }
            held = List.copyOf(fresh);
            downloadedAt = clock.instant();
            lastFailure = null;
            synchronized (this) {
                failuresInARow = 0;
            }
            if (changed) {
                for (HeldCrl crl : fresh) {
                    LOG.info("CRL {}: {} entries from {}, issued {}, next update {}", crl.source(), crl.crl().size(),
                            CrlCheck.label(crl.crl().issuer()), crl.crl().thisUpdate(),
                            crl.crl().nextUpdate().map(Instant::toString).orElse("not announced"));
                }
                onChange.run();
            }
            return held;
        }

        private void scheduleNext(boolean succeeded) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            Instant due;
            if (succeeded) {
                due = now.plus(refreshInterval);
                for (HeldCrl crl : held) {
                    if (crl.crl().nextUpdate().isPresent()) {
                        Instant next = crl.crl().nextUpdate().get();
                        Duration validity = Duration.between(crl.crl().thisUpdate(), next);
                        Duration ahead = min(MAX_REFRESH_AHEAD, Duration.ofMillis((long) (validity.toMillis() * REFRESH_AHEAD_FRACTION)));
                        Instant early = next.minus(ahead);
                        due = earliest(due, early.isAfter(now) ? early : now.plus(NEAR_EXPIRY_POLL));
                    }
                }
            } else {
                Duration backoff = RETRY_BASE.multipliedBy(1L << Math.min(failuresInARow - 1, MAX_RETRY_DOUBLINGS));
                due = now.plus(min(backoff, refreshInterval));
            }
            nextRefresh = due;
            if (scheduled != null) {
                scheduled.cancel();
            }
            scheduled = scheduler.schedule(this::refreshInBackground, Duration.between(now, due));
        }

        private void refreshInBackground() {
            if (closed) {
                return;
            }
            Instant used = lastUsed;
            if (used != null && used.plus(FORGET_AFTER).isBefore(clock.instant())) {
                points.remove(url, this);
                LOG.info("CRL crl:{} was not needed for {}; no longer refreshed", url, FORGET_AFTER);
                return;
            }
            refresh(true);
        }

        synchronized void cancel() {
            if (scheduled != null) {
                scheduled.cancel();
            }
        }
    }

    private static boolean sameScope(CompactCrl a, CompactCrl b) {
        return a.issuer().equals(b.issuer()) && a.isDelta() == b.isDelta()
                && Arrays.equals(a.extensions().issuingDistributionPointDer().orElse(null),
                b.extensions().issuingDistributionPointDer().orElse(null));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
