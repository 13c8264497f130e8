package io.certgate.server;

import io.certgate.config.GatewayConfig;
import io.certgate.directory.Directories;
import io.certgate.http.FileCache;
import io.certgate.http.IdentityHeaders;
import io.certgate.http.Site;
import io.certgate.http.request.RequestHygiene;
import io.certgate.log.AccessLog;
import io.certgate.log.ConnectionLog;
import io.certgate.tls.HostTable;
import io.certgate.upstream.Upstreams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything a running gateway serves from, built from one configuration. New connections take
 * the current runtime; a connection keeps the one it started with, so a reload never changes the
 * rules under an open connection.
 *
 * <p>Lifetime: the gateway holds one reference while the runtime is current, and each connection
 * holds one while it is open ({@link #tryRetain}, {@link #release}). A runtime replaced by a reload
 * is {@link #retire retired}: its own resources (its TLS contexts, its directory clients, and its access
 * and connection logs unless the successor took them over) are closed once the last reference is gone.
 */
final class GatewayRuntime implements AutoCloseable {

    final GatewayConfig config;
    final List<ServedSite> sites;
    final HostTable<ServedSite> byServerName;
    final HostTable<Site> byHost;
    final AccessLog accessLog;
    final ConnectionLog connectionLog;
    final FileCache files;
    final IdentityHeaders identityHeaders;
    final RequestHygiene hygiene;
    /** The directory clients of all its sites: one pool and one cache per directory, whichever sites ask it. */
    final Directories directories;
    /** The backends, https ones with their TLS clients read from disk with this configuration. */
    final Upstreams upstreams;

    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable whenUnused = () -> { };

    /**
     * @param hygiene the request checks, built from the same config (with the metrics they count in)
     * @param directories the directory clients the sites share; closed with this runtime
     * @param upstreams the backends, built from the same config
     */
    GatewayRuntime(GatewayConfig config, List<ServedSite> sites, Directories directories, AccessLog accessLog,
                   ConnectionLog connectionLog, FileCache files, RequestHygiene hygiene, Upstreams upstreams) {
        this.directories = directories;
        this.config = config;
        this.sites = List.copyOf(sites);
        this.byServerName = new HostTable<>(sites.stream()
                .map(s -> Map.entry(s.site().hosts(), s)).toList());
        this.byHost = new HostTable<>(sites.stream()
                .map(s -> Map.entry(s.site().hosts(), s.site())).toList());
        this.accessLog = accessLog;
        this.connectionLog = connectionLog;
        this.files = files;
        this.identityHeaders = new IdentityHeaders(config.identityHeaders());
        this.hygiene = hygiene;
        this.upstreams = upstreams;
    }

    /**
     * Empty when every site has its certificates and revocation data loaded. Everything is read
     * while the runtime is built, so a built runtime is ready; a site whose CRLs arrive later (from
     * distribution points) is where this would say "not yet".
     */
    Optional<String> notReadyBecause() {
        return closed.get() ? Optional.of("the runtime is closed") : Optional.empty();
    }

    /** Takes a reference for a new connection; false when the runtime is already unused and closing. */
    boolean tryRetain() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference; the last one out runs what {@link #retire} arranged. */
    void release() {
        if (references.decrementAndGet() == 0) {
            whenUnused.run();
        }
    }

    /**
     * Gives up the gateway's reference: {@code whenUnused} runs once no connection uses this runtime
     * any more (at once when none does).
     */
    void retire(Runnable whenUnused) {
        this.whenUnused = whenUnused;
        release();
    }

    /** Closes everything this runtime owns. */
    @Override
    public void close() {
        close(true, true);
    }

    /**
     * Closes the TLS contexts, and the access log when {@code withAccessLog} (false when a newer
     * runtime writes to the same log), the connection log likewise. Idempotent.
     */
    void close(boolean withAccessLog, boolean withConnectionLog) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sites.forEach(ServedSite::close);
        directories.close();
        upstreams.close();
        if (withAccessLog) {
            accessLog.close();
        }
        if (withConnectionLog) {
            connectionLog.close();
        }
    }
}
