package io.certgate.testing;

import io.certgate.log.AccessLog;
import io.certgate.log.AccessRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * An access log that keeps its records in memory, so a test can read what would have been written;
 * or, made with {@link #countsOnly()}, one that writes nothing and keeps what it was asked to count.
 */
public final class CollectingAccessLog implements AccessLog {

    private final List<AccessRecord> records = new ArrayList<>();
    private final List<String> counted = new ArrayList<>();
    private final boolean writesRecords;
    private boolean closed;

    public CollectingAccessLog() {
        this(true);
    }

    private CollectingAccessLog(boolean writesRecords) {
        this.writesRecords = writesRecords;
    }

    /** A log like a site without {@code accessLog}: requests are only counted, as "site status.substatus". */
    public static CollectingAccessLog countsOnly() {
        return new CollectingAccessLog(false);
    }

    @Override
    public boolean writesRecords() {
        return writesRecords;
    }

    @Override
    public void count(String site, int status, int substatus) {
        counted.add(site + " " + status + "." + substatus);
    }

    public List<String> counted() {
        return List.copyOf(counted);
    }

    @Override
    public void record(AccessRecord record) {
        if (closed || !writesRecords) {
            throw new IllegalStateException((closed ? "record after close: " : "record for a log that writes none: ") + record);
        }
        records.add(record);
    }

    @Override
    public void close() {
        closed = true;
    }

    public List<AccessRecord> records() {
        return List.copyOf(records);
    }

    /** The only record; fails when there is not exactly one. */
    public AccessRecord single() {
        if (records.size() != 1) {
            throw new AssertionError("expected one access record, got " + records.size() + ": " + records);
        }
        return records.get(0);
    }
}
