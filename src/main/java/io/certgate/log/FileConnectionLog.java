package io.certgate.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Appends connection records to a file as JSON lines from one background thread, like the access
 * log: the event loop only enqueues, a full queue drops and counts.
 */
public final class FileConnectionLog implements ConnectionLog {

    private final LineFile<ConnectionRecord> file;

    /** @param onDrop told of every line dropped (for a metric); called on any thread, must not block */
    public FileConnectionLog(Path file, Runnable onDrop) throws IOException {
        this.file = new LineFile<>(file, "connection log", () -> "", ConnectionJsonFormat::line, onDrop);
    }

    @Override
    public void record(ConnectionRecord record) {
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

    @Override
    public void close() {
        file.close();
    }
}
