package io.certgate.log;

import io.certgate.config.AccessLogFormat;
import io.certgate.config.W3cField;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Appends access records to a file from one background thread ({@link LineFile}). {@link #record}
 * only enqueues; when the queue is full (the disk cannot keep up) the record is dropped and
 * counted, because an event loop must never wait for a disk. A W3C file starts with IIS's
 * directives each time it is opened.
 */
public final class FileAccessLog implements AccessLog {

    /** Records waiting for the disk. */
    static final int QUEUE_CAPACITY = LineFile.QUEUE_CAPACITY;

    private final LineFile<AccessRecord> file;

    public FileAccessLog(Path file, AccessLogFormat format, String version, Clock clock) throws IOException {
        this(file, format, W3cField.DEFAULTS, version, clock, () -> { });
    }

    /** @param onDrop told of every line dropped (for a metric); called on any thread, must not block */
    public FileAccessLog(Path file, AccessLogFormat format, String version, Clock clock, Runnable onDrop)
            throws IOException {
        this(file, format, W3cField.DEFAULTS, version, clock, onDrop);
    }

    /**
     * @param fields the W3C fields in order (ignored by the JSON format, which writes them all)
     * @param onDrop told of every line dropped (for a metric); called on any thread, must not block
     */
    public FileAccessLog(Path file, AccessLogFormat format, List<W3cField> fields, String version, Clock clock,
                         Runnable onDrop) throws IOException {
        if (format == AccessLogFormat.JSON) {
            this.file = new LineFile<>(file, "access log", () -> "", JsonFormat::line, onDrop);
        } else {
            W3cFormat w3c = W3cFormat.of(fields);
            this.file = new LineFile<>(file, "access log", () -> w3c.header(version, clock.instant()), w3c::line, onDrop);
        }
    }

    @Override
    public void record(AccessRecord record) {
        file.add(record);
    }

    @Override
    public void reopen() {
        file.reopen();
    }

    /** Records dropped: the queue was full, or the disk refused them. */
    public long dropped() {
        return file.dropped();
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        file.close();
    }
}
