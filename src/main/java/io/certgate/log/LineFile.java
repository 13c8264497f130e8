package io.certgate.log;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log file appended to from one background thread: {@link #add} only enqueues; the thread
 * formats and writes. When the queue is full (the disk cannot keep up) the entry is dropped and
 * counted, because an event loop must never wait for a disk. {@link #reopen} (after logrotate
 * moved the file) opens the configured name afresh, header first.
 *
 * @param <T> what one line is made from
 */
final class LineFile<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineFile.class);

    /** Entries waiting for the disk; formatted by the writer thread, not by the event loop that adds them. */
    static final int QUEUE_CAPACITY = 65_536;
    /** How long the writer waits for an entry before looking at {@code closed} and reopen requests again. */
    private static final long POLL_MILLIS = 100;
    /** Lines written per flush, at most: bounds the latency between an event and its line. */
    private static final int BATCH = 512;

    private final Path file;
    private final String what;
    private final Supplier<String> header;
    private final Function<T, String> format;
    private final BlockingQueue<T> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean reopenRequested = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();
    private final Runnable onDrop;
    private final Thread writerThread;
    private volatile boolean closed;

    /**
     * Opens (creates) the file now, so that a file that cannot be written fails at startup.
     *
     * @param what the log's name for messages and the thread ({@code access log})
     * @param header written first whenever the file is opened; empty for none
     * @param onDrop told of every line dropped (for a metric); called on any thread, must not block
     */
    LineFile(Path file, String what, Supplier<String> header, Function<T, String> format, Runnable onDrop)
            throws IOException {
        this.file = file;
        this.what = what;
        this.header = header;
        this.format = format;
        this.onDrop = onDrop;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer first = open();
        this.writerThread = new Thread(() -> run(first), "certgate-" + what.replace(' ', '-'));
        this.writerThread.setDaemon(true);
        this.writerThread.start();
    }

    void add(T entry) {
        if (!queue.offer(entry)) {
            drop();
        }
    }

    private void drop() {
        dropped.increment();
        onDrop.run();
    }

    void reopen() {
        reopenRequested.set(true);
    }

    /** Entries dropped: the queue was full, or the disk refused them. */
    long dropped() {
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
        String first = header.get();
        if (!first.isEmpty()) {
            writer.write(first);
            writer.flush();
        }
        return writer;
    }

    private void run(Writer initial) {
        Writer writer = initial;
        List<T> batch = new ArrayList<>(BATCH);
        try {
            while (!closed || !queue.isEmpty()) {
                T first;
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
                    for (T entry : batch) {
                        writer.write(format.apply(entry));
                    }
                    writer.flush();
                } catch (IOException e) {
                    // Lost: counted like lines the queue could not take, and the file is opened
                    // afresh for the next line (a disk that filled up may have room again).
                    LOG.warn("{} {}: cannot write {} lines: {}", what, file, batch.size(), e.getMessage());
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
            LOG.warn("{} {}: cannot reopen: {}", what, file, e.getMessage());
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
