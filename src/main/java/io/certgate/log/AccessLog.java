package io.certgate.log;

/** Where finished requests are recorded. Implementations must not block the caller. */
public interface AccessLog extends AutoCloseable {

    /** An access log that records nothing, for sites without {@code accessLog}. */
    AccessLog NONE = new AccessLog() {
        @Override
        public void record(AccessRecord record) {
        }

        @Override
        public boolean writesRecords() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    void record(AccessRecord record);

    /**
     * False when a record would be thrown away: then callers build none (a dozen strings per
     * request) and only {@link #count} the request.
     */
    default boolean writesRecords() {
        return true;
    }

    /** A finished request, when {@link #writesRecords()} is false: counted, not written. */
    default void count(String site, int status, int substatus) {
    }

    /** Reopens the file (after logrotate moved it); a no-op where there is none. */
    default void reopen() {
    }

    @Override
    void close();
}
