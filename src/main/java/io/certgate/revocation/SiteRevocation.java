package io.certgate.revocation;

import io.certgate.config.OcspMode;
import io.certgate.directory.DirectoryClient;
import io.certgate.config.RevocationConfig;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;

/**
 * A site's revocation checking, as its configuration asks: CRL files, reloaded when they change;
 * CRLs downloaded from the http distribution points certificates name, refreshed in the
 * background; OCSP, first ({@code prefer}) or when no CRL answers ({@code fallback}). One
 * generation counts every change of CRL data, so that the verdict cache decides again.
 *
 * <p>How sources combine: with {@code ocsp: prefer} a good or revoked OCSP answer decides, and
 * the CRLs are consulted only when the responder cannot answer; with {@code fallback} the CRLs
 * decide and OCSP is asked only when their answer is unknown. When neither knows, the status
 * is unknown with both reasons, and the policy's onUnavailable applies.
 *
 * <p>{@link #withoutWaiting} is how the gateway asks: it never waits for a download, it records
 * it; {@link #check} waits on the caller's thread, for the command line and tests.
 */
public final class SiteRevocation implements RevocationChecker {

    /**
     * Downloads (CRL and OCSP) running at once for one site, each on a thread of its own; more
     * wait their turn, holding no thread. With {@link DownloadSlots#MAX_PER_HOST} per host,
     * eight dead servers are needed before a healthy one's CRL waits for a slot.
     */
    static final int MAX_PARALLEL_DOWNLOADS = 16;

    /** A download thread idle this long ends; the pool starts one again when a download needs it. */
    static final Duration IDLE_THREAD_LIFETIME = Duration.ofMinutes(1);

    private final RevocationConfig config;
    private final AtomicLong generation = new AtomicLong(1);
    private final Scheduler scheduler;
    private final ExecutorService ownedExecutor;
    private final DownloadSlots slots;
    private final WatchedCrlFiles files;
    private final CrlDownloads downloads;
    private final OcspClient ocsp;
    private final Duration downloadLimit;

    /**
     * @param knownIssuers certificates that likely sign the CRLs (the site's roots and intermediates):
     *                     each CRL's signature is checked with them as soon as it is loaded
     */
    SiteRevocation(RevocationConfig config, List<CrlFile> crlFiles, List<X509Certificate> knownIssuers, Clock clock,
                   Scheduler scheduler, java.util.concurrent.Executor downloadExecutor, ExecutorService ownedExecutor) {
        this(config, crlFiles, knownIssuers, clock, scheduler, downloadExecutor, ownedExecutor, Optional.empty());
    }

    /** @param directory the client of {@code revocation.directory}, asked for hostless ldap:/// distribution points */
    SiteRevocation(RevocationConfig config, List<CrlFile> crlFiles, List<X509Certificate> knownIssuers, Clock clock,
                   Scheduler scheduler, java.util.concurrent.Executor downloadExecutor, ExecutorService ownedExecutor,
                   Optional<DirectoryClient> directory) {
        this.config = config;
        this.scheduler = scheduler;
        this.ownedExecutor = ownedExecutor;
        List<X509Certificate> issuers = List.copyOf(knownIssuers);
        java.util.function.Consumer<CompactCrl> prime = crl -> crl.primeSignature(issuers);
        this.files = new WatchedCrlFiles(crlFiles, scheduler, generation::incrementAndGet, prime);
        HttpDownloader downloader = new HttpDownloader(config.connectTimeout(), config.readTimeout(), config.maxCrlSize());
        this.downloadLimit = downloader.limit();
        this.slots = new DownloadSlots(downloadExecutor, ownedExecutor == null ? Integer.MAX_VALUE : MAX_PARALLEL_DOWNLOADS);
        LdapDownloader ldap = new LdapDownloader(config.connectTimeout(), config.readTimeout(), config.maxCrlSize(),
                config.ldapServer(), directory, Optional.empty());
        this.downloads = config.fetchDistributionPoints() ? new CrlDownloads(downloader, ldap, slots, scheduler, clock,
                config.grace(), config.refreshInterval(), generation::incrementAndGet, prime) : null;
        this.ocsp = config.ocsp() != OcspMode.OFF ? new OcspClient(downloader, slots, clock, config.ocspNonce()) : null;
    }

    /** The CRL engine over this site's files and downloads; downloads it needs go to {@code pending}. */
    private CrlCheck crlCheck(PendingDownloads pending) {
        return new CrlCheck(new CrlCheck.Supply() {
            @Override
            public List<HeldCrl> issuedBy(X500Principal issuer) {
                return files.store().issuedBy(issuer);
            }

            @Override
            public boolean downloads() {
                return downloads != null;
            }

            @Override
            public CrlCheck.Download download(URI url, Instant at) {
                return downloads.get(url, at, pending);
            }
        });
    }

    /**
     * Starts checking for a site: watches the files (already read, so that a broken one failed at
     * startup) and, when downloads or OCSP are on, a small pool of download threads.
     *
     * @param knownIssuers the site's trusted roots and intermediates, which sign most of its CRLs
     */
    public static SiteRevocation start(RevocationConfig config, List<CrlFile> crlFiles,
                                       List<X509Certificate> knownIssuers, Clock clock) {
        return start(config, crlFiles, knownIssuers, clock, Optional.empty());
    }

    /**
     * As {@link #start(RevocationConfig, List, List, Clock)}, with the client of the directory that
     * {@code revocation.directory} names (shared with the sites that map accounts through it).
     */
    public static SiteRevocation start(RevocationConfig config, List<CrlFile> crlFiles,
                                       List<X509Certificate> knownIssuers, Clock clock,
                                       Optional<DirectoryClient> directory) {
        ExecutorService executor = null;
        if (config.fetchDistributionPoints() || config.ocsp() != OcspMode.OFF) {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_PARALLEL_DOWNLOADS, MAX_PARALLEL_DOWNLOADS,
                    IDLE_THREAD_LIFETIME.toSeconds(), TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "certgate-download-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            pool.allowCoreThreadTimeOut(true); // no download threads while nothing downloads
            executor = pool;
        }
        return new SiteRevocation(config, crlFiles, knownIssuers, clock, Scheduler.daemon("certgate-revocation"),
                executor == null ? Runnable::run : executor, executor, directory);
    }

    @Override
    public long generation() {
        return generation.get();
    }

    @Override
    public boolean hasSourceFor(X509Certificate certificate) {
        return files.store().hasSourceFor(certificate)
                || downloads != null && DistributionPoints.hasFetchableDistributionPoint(certificate)
                || ocsp != null && OcspClient.hasResponder(certificate);
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at) {
        return check(certificate, issuer, at, CrlSigners.issuerOnly(issuer));
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at, CrlSigners signers) {
        return PendingDownloads.settleBlocking(pending -> check(certificate, issuer, at, signers, pending), downloadLimit);
    }

    @Override
    public Duration downloadLimit() {
        return downloads == null && ocsp == null ? Duration.ZERO : downloadLimit;
    }

    @Override
    public RevocationChecker withoutWaiting(PendingDownloads pending) {
        SiteRevocation site = this;
        return new RevocationChecker() {
            @Override
            public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at) {
                return check(certificate, issuer, at, CrlSigners.issuerOnly(issuer));
            }

            @Override
            public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at, CrlSigners signers) {
                return site.check(certificate, issuer, at, signers, pending);
            }

            @Override
            public boolean hasSourceFor(X509Certificate certificate) {
                return site.hasSourceFor(certificate);
            }

            @Override
            public long generation() {
                return site.generation();
            }

            @Override
            public boolean awaitsDownloads() {
                return !pending.isEmpty();
            }

            @Override
            public Duration downloadLimit() {
                return site.downloadLimit();
            }
        };
    }

    private RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at, CrlSigners signers,
                                   PendingDownloads pending) {
        boolean askOcsp = ocsp != null && OcspClient.hasResponder(certificate);
        Optional<RevocationStatus> ocspUnknown = Optional.empty();
        if (askOcsp && config.ocsp() == OcspMode.PREFER) {
            RevocationStatus answer = ocsp.check(certificate, issuer, at, pending);
            if (answer.state() != RevocationStatus.State.UNKNOWN) {
                return answer;
            }
            ocspUnknown = Optional.of(answer);
        }
        RevocationStatus crl = crlCheck(pending).check(certificate, at, signers);
        if (crl.state() != RevocationStatus.State.UNKNOWN) {
            return crl;
        }
        if (askOcsp && config.ocsp() == OcspMode.FALLBACK) {
            RevocationStatus answer = ocsp.check(certificate, issuer, at, pending);
            if (answer.state() != RevocationStatus.State.UNKNOWN) {
                return answer;
            }
            ocspUnknown = Optional.of(answer);
        }
        return ocspUnknown.map(o -> RevocationStatus.unknown(sources(o, crl), crl.detail() + "; and OCSP: " + o.detail()))
                .orElse(crl);
    }

    /** The sources of two unknown answers, without the "none" of one that had no source at all. */
    private static List<String> sources(RevocationStatus first, RevocationStatus second) {
        List<String> sources = new ArrayList<>(first.sources());
        second.sources().stream().filter(s -> !s.equals("none") && !sources.contains(s)).forEach(sources::add);
        return sources;
    }

    @Override
    public List<CrlSnapshot> crls() {
        List<CrlSnapshot> snapshots = new ArrayList<>(files.snapshots());
        if (downloads != null) {
            snapshots.addAll(downloads.snapshots());
        }
        return snapshots;
    }

    @Override
    public void close() {
        files.close();
        if (downloads != null) {
            downloads.close();
        }
        slots.close();
        scheduler.close();
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }
}
