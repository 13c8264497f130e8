package io.certgate.log;

import io.certgate.config.AccessLogFormat;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends access records to a file from one background thread. {@link #record} only formats and
 * enqueues; when the queue is full (the disk cannot keep up) the record is dropped and counted,
 * because an event loop must never wait for a disk.
 */
public final class FileAccessLog implements AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger(FileAccessLog.class);

    /** Records waiting for the disk; formatted by the writer thread, not by the event loop that records them. */
    static final int QUEUE_CAPACITY = 65_536;
    /** How long the writer waits for a line before looking at {@code closed} and reopen requests again. */
    private static final long POLL_MILLIS = 100;
    /** Lines written per flush, at most: bounds the latency between a request and its line. */
    private static final int BATCH = 512;

    private final Path file;
    private final AccessLogFormat format;
    private final String version;
    private final Clock clock;
    private final BlockingQueue<AccessRecord> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean reopenRequested = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();
    private final Runnable onDrop;
    private final Thread writerThread;
    private volatile boolean closed;

    public FileAccessLog(Path file, AccessLogFormat format, String version, Clock clock) throws IOException {
        this(file, format, version, clock, () -> { });
    }

    /** @param onDrop told of every line dropped (for a metric); called on any thread, must not block */
    public FileAccessLog(Path file, AccessLogFormat format, String version, Clock clock, Runnable onDrop)
            throws IOException {
        this.file = file;
        this.onDrop = onDrop;
        this.format = format;
        this.version = version;
        this.clock = clock;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer first = open(); // fail at startup, not on the first request, when the file cannot be written
        this.writerThread = new Thread(() -> run(first), "certgate-access-log");
        this.writerThread.setDaemon(true);
        this.writerThread.start();
    }

    @Override
    public void record(AccessRecord record) {
        if (!queue.offer(record)) {
            drop();
        }
    }

    private void drop() {
        dropped.increment();
        onDrop.run();
    }

    @Override
    public void reopen() {
        reopenRequested.set(true);
    }

    /** Records dropped: the queue was full, or the disk refused them. */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Writes what is queued, then closes the file. The writer thread is not interrupted: its file
     * channel would close mid-write and lose the last lines; it notices {@code closed} within one
     * poll interval instead.
     */
    @Override
    public void close() {
        closed = true;
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Writer open() throws IOException {
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        if (format == AccessLogFormat.W3C) {
            writer.write(W3cFormat.header(version, clock.instant()));
            writer.flush();
        }
        return writer;
    }

    private void run(Writer initial) {
        Writer writer = initial;
        List<AccessRecord> batch = new ArrayList<>(BATCH);
        try {
            while (!closed || !queue.isEmpty()) {
                AccessRecord first;
                try {
                    first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    first = queue.poll();
                    if (first == null) {
                        break;
                    }
                }
                if (reopenRequested.getAndSet(false) || writer == null && first != null) {
                    writer = reopen(writer);
                }
                if (first == null) {
                    continue;
                }
                if (writer == null) {
                    drop();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                try {
                    for (AccessRecord record : batch) {
                        writer.write(format == AccessLogFormat.JSON ? JsonFormat.line(record) : W3cFormat.line(record));
                    }
                    writer.flush();
                } catch (IOException e) {
                    // Lost: counted like lines the queue could not take, and the file is opened
                    // afresh for the next line (a disk that filled up may have room again).
                    LOG.warn("access log {}: cannot write {} lines: {}", file, batch.size(), e.getMessage());
                    batch.forEach(lost -> drop());
                    closeQuietly(writer);
                    writer = null;
                }
                batch.clear();
            }
        } finally {
            closeQuietly(writer);
        }
    }

    private Writer reopen(Writer current) {
        closeQuietly(current);
        try {
            return open();
        } catch (IOException e) {
            LOG.warn("access log {}: cannot reopen: {}", file, e.getMessage());
            return null;
        }
    }

    private static void closeQuietly(Writer writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException ignored) {
            // Closing after a failed write: nothing more to save.
        }
    }
}
