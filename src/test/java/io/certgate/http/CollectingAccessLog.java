package io.certgate.http;

import io.certgate.log.AccessLog;
import io.certgate.log.AccessRecord;
import java.util.ArrayList;
import java.util.List;

/** An access log that keeps its records in memory, so a test can read what would have been written. */
final class CollectingAccessLog implements AccessLog {

    private final List<AccessRecord> records = new ArrayList<>();
    private boolean closed;

    @Override
    public void record(AccessRecord record) {
        if (closed) {
            throw new IllegalStateException("record after close: " + record);
        }
        records.add(record);
    }

    @Override
    public void close() {
        closed = true;
    }

    List<AccessRecord> records() {
        return List.copyOf(records);
    }

    /** The only record; fails when there is not exactly one. */
    AccessRecord single() {
        if (records.size() != 1) {
            throw new AssertionError("expected one access record, got " + records.size() + ": " + records);
        }
        return records.get(0);
    }
}
