package io.certgate.revocation;

import io.certgate.x509.X509FileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured CRL files, looked at every {@link #CHECK_INTERVAL} and read again when one
 * changed (modification time, size or file identity, so that an atomic rename counts), without a
 * restart. A file that changed into something unreadable keeps its last good CRLs in use, and
 * the log says why. Each change that takes calls {@code onChange}.
 */
final class WatchedCrlFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedCrlFiles.class);

    /** How often the files are looked at: a stat per file, cheap enough to notice a new CRL within seconds. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

    /** What identifies one version of a file without reading it. */
    private record Stamp(Instant modified, long size, Object fileKey) {
        static Optional<Stamp> of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new Stamp(attributes.lastModifiedTime().toInstant(), attributes.size(), attributes.fileKey()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** One file: its CRLs in use and what is known of its versions. */
    private static final class Watched {
        CrlFile file;
        Optional<Stamp> stamp;
        String lastFailure;
        long failures;

        Watched(CrlFile file) {
            this.file = file;
            this.stamp = Stamp.of(file.path());
        }
    }

    private final Map<Path, Watched> files = new LinkedHashMap<>();
    private final Scheduler scheduler;
    private final Runnable onChange;
    private final java.util.function.Consumer<CompactCrl> onLoad;
    private volatile CrlStore store;
    private Scheduler.Scheduled next; // guarded by this
    private boolean closed; // guarded by this

    /**
     * Starts watching files already read (so that a broken file is a configuration error at startup).
     *
     * @param onLoad called with each CRL read, now and on every reload
     */
    WatchedCrlFiles(List<CrlFile> initial, Scheduler scheduler, Runnable onChange,
                    java.util.function.Consumer<CompactCrl> onLoad) {
        for (CrlFile file : initial) {
            files.put(file.path(), new Watched(file));
            file.crls().forEach(onLoad);
        }
        this.scheduler = scheduler;
        this.onChange = onChange;
        this.onLoad = onLoad;
        this.store = CrlStore.of(initial, 0);
        if (!initial.isEmpty()) {
            scheduleCheck();
        }
    }

    /** The CRLs of every file as last read successfully. */
    CrlStore store() {
        return store;
    }

    /** Reads again the files that changed since they were last looked at; true when a change took. */
    synchronized boolean check() {
        boolean changed = false;
        for (Watched watched : files.values()) {
            Path path = watched.file.path();
            Optional<Stamp> now = Stamp.of(path);
            if (Objects.equals(now, watched.stamp)) {
                continue;
            }
            watched.stamp = now;
            try {
                CrlFile read = CrlFile.read(path);
                read.crls().forEach(onLoad);
                watched.file = read;
                watched.lastFailure = null;
                changed = true;
                LOG.info("CRL file {} reloaded: {} CRL(s), {} entries", path, read.count(),
                        read.crls().stream().mapToInt(CompactCrl::size).sum());
            } catch (X509FileException e) {
                watched.failures++;
                watched.lastFailure = e.getMessage();
                LOG.warn("CRL file {} changed but cannot be used, keeping the CRLs read before: {}", path, e.getMessage());
            }
        }
        if (changed) {
            List<CrlFile> current = new ArrayList<>();
            files.values().forEach(w -> current.add(w.file));
            store = CrlStore.of(current, 0);
            onChange.run();
        }
        return changed;
    }

    synchronized List<CrlSnapshot> snapshots() {
        List<CrlSnapshot> snapshots = new ArrayList<>();
        for (Watched watched : files.values()) {
            for (CompactCrl crl : watched.file.crls()) {
                snapshots.add(CrlSnapshot.of(new HeldCrl(crl, "crl:" + watched.file.path(), Duration.ZERO),
                        Optional.ofNullable(watched.lastFailure), watched.failures, Optional.empty()));
            }
        }
        return snapshots;
    }

    private synchronized void scheduleCheck() {
        if (!closed) {
            next = scheduler.schedule(() -> {
                try {
                    check();
                } catch (RuntimeException unexpected) {
                    LOG.warn("checking the CRL files failed", unexpected);
                } finally {
                    scheduleCheck();
                }
            }, CHECK_INTERVAL);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel();
        }
    }
}
