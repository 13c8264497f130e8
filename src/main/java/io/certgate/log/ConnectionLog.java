package io.certgate.log;

/** Where TLS connections are recorded, one entry each. Implementations must not block the caller. */
public interface ConnectionLog extends AutoCloseable {

    /** A connection log that records nothing, for configurations without {@code connectionLog}. */
    ConnectionLog NONE = new ConnectionLog() {
        @Override
        public void record(ConnectionRecord record) {
        }

        @Override
        public boolean writesRecords() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    void record(ConnectionRecord record);

    /** False when a record would be thrown away: then callers build none. */
    default boolean writesRecords() {
        return true;
    }

    /** Reopens the file (after logrotate moved it); a no-op where there is none. */
    default void reopen() {
    }

    @Override
    void close();
}
