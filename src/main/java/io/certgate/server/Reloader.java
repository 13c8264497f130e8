package io.certgate.server;

import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.config.GatewayConfig;
import io.certgate.log.GatewayMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration file and every file it names: on request (SIGHUP, {@link
 * Gateway#reload}) and, once {@link #watch watching}, when one of those files changes on disk.
 *
 * <p>A reload loads and validates the configuration, then builds a whole new runtime (reading
 * every certificate, key, trust file and CRL again); only when all of that succeeds does the
 * runtime replace the current one, and it logs one line saying what changed. Otherwise it logs
 * each mistake as {@code file:line: key: problem} and the running runtime stays. Open connections
 * keep the runtime they started with either way.
 *
 * <p>Watching polls file stamps (time, size, inode) every {@link #POLL_INTERVAL}, and reloads once
 * a change has stood still for one interval, so that a certificate and its key copied one after
 * the other are read together rather than as a mismatched pair. All reloads run on one thread.
 */
final class Reloader {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);
    /** How often watched files are looked at; a change is applied one to two intervals later. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    private final Path configFile;
    private final RuntimeBuilder builder;
    private final Supplier<GatewayRuntime> current;
    private final Consumer<GatewayRuntime> install;
    private final GatewayMetrics metrics;
    private final ScheduledExecutorService thread;

    /** Stamps of the files the current runtime was built from. */
    private Map<Path, String> loaded;
    /**
     * The files polled: those of the current runtime, plus those a refused configuration named (so
     * that fixing a file only the new configuration names is noticed too).
     */
    private Set<Path> watched;
    /** Stamps of the watched files when a reload was last tried: a failed change is not retried until it changes again. */
    private Map<Path, String> attempted;
    /** Stamps at the previous poll, to see whether a change has settled. */
    private Map<Path, String> previousPoll;

    Reloader(Path configFile, RuntimeBuilder builder, Supplier<GatewayRuntime> current, Consumer<GatewayRuntime> install,
             GatewayMetrics metrics, ScheduledExecutorService thread) {
        this.configFile = configFile;
        this.builder = builder;
        this.current = current;
        this.install = install;
        this.metrics = metrics;
        this.thread = thread;
        this.loaded = FileStamps.of(ConfigChanges.files(current.get().config));
        this.watched = Set.copyOf(loaded.keySet());
        this.attempted = loaded;
        this.previousPoll = loaded;
    }

    /** Starts polling the watched files. */
    void watch() {
        long millis = POLL_INTERVAL.toMillis();
        thread.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void poll() {
        try {
            Map<Path, String> now = FileStamps.of(watched);
            boolean settled = now.equals(previousPoll);
            previousPoll = now;
            if (settled && !now.equals(attempted)) {
                reload("file change");
            }
        } catch (RuntimeException e) {
            LOG.warn("watching {} failed: {}", configFile, e.toString(), e); // keep polling
        }
    }

    /** Reloads now, on the caller's thread; callers go through the gateway's reload thread. */
    synchronized ReloadResult reload(String trigger) {
        try {
            return tryReload(trigger);
        } catch (RuntimeException e) {
            // A bug, not a mistake in the files: still, the running configuration must stay, and
            // the same files are not tried again on every poll (only once they change again).
            attempted = previousPoll;
            metrics.reloaded(false);
            LOG.error("reload of {} ({}) failed unexpectedly, still serving the previous configuration", configFile,
                    trigger, e);
            return new ReloadResult(false, "failed: " + e, List.of());
        }
    }

    private ReloadResult tryReload(String trigger) {
        GatewayRuntime running = current.get();
        String name = shown(configFile).toString();
        GatewayConfig config;
        try {
            config = ConfigLoader.load(shown(configFile));
        } catch (ConfigException e) {
            attempted = FileStamps.of(watched);
            return refused(name, trigger, e);
        }
        // Stamped before reading: a file that changes while the runtime is built shows as changed next time.
        Map<Path, String> stamps = FileStamps.of(ConfigChanges.files(config));
        GatewayRuntime next;
        try {
            next = builder.build(config, Optional.of(running));
        } catch (ConfigException e) {
            Set<Path> both = new HashSet<>(loaded.keySet());
            both.addAll(stamps.keySet());
            watched = Set.copyOf(both);
            attempted = FileStamps.of(watched);
            return refused(name, trigger, e);
        }
        Set<Path> changedFiles = new HashSet<>();
        stamps.forEach((path, stamp) -> {
            if (loaded.containsKey(path) && !loaded.get(path).equals(stamp)) {
                changedFiles.add(path);
            }
        });
        String changes = ConfigChanges.describe(running.config, config, changedFiles);
        install.accept(next);
        loaded = stamps;
        watched = Set.copyOf(stamps.keySet());
        attempted = stamps;
        previousPoll = stamps;
        metrics.reloaded(true);
        String line = "reloaded {} ({}): {}; {} site(s)";
        if (ConfigChanges.needsRestart(running.config, config)) {
            LOG.warn(line, name, trigger, changes, config.sites().size());
        } else {
            LOG.info(line, name, trigger, changes, config.sites().size());
        }
        return new ReloadResult(true, changes, List.of());
    }

    private ReloadResult refused(String name, String trigger, ConfigException e) {
        metrics.reloaded(false);
        LOG.error("reload of {} ({}) refused, still serving the previous configuration; {} error(s):", name, trigger,
                e.errors().size());
        e.errors().forEach(error -> LOG.error("  {}", error));
        return new ReloadResult(false, "refused: " + e.errors().size() + " error(s)", e.errors());
    }

    /** The path relative to the working directory when it is below it, as the user likely typed it. */
    private static Path shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        return file.startsWith(here) ? here.relativize(file) : file;
    }
}
