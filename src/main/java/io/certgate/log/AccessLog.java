package io.certgate.log;

/** Where finished requests are recorded. Implementations must not block the caller. */
public interface AccessLog extends AutoCloseable {

    /** An access log that records nothing, for sites without {@code accessLog}. */
    AccessLog NONE = new AccessLog() {
        @Override
        public void record(AccessRecord record) {
        }

        @Override
        public void close() {
        }
    };

    void record(AccessRecord record);

    /** Reopens the file (after logrotate moved it); a no-op where there is none. */
    default void reopen() {
    }

    @Override
    void close();
}
