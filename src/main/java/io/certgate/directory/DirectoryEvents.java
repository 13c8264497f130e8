package io.certgate.directory;

/** What a directory client tells the metrics: each lookup the directory answered or failed, and each cache hit. */
public interface DirectoryEvents {

    /** A lookup that went to the directory (or tried to), with how long it took. */
    void lookup(String directory, Lookup.Result result, long nanos);

    /** A lookup answered from the cache (fresh, or stale with onUnavailable: cached). */
    void cacheHit(String directory);

    DirectoryEvents NONE = new DirectoryEvents() {
        @Override
        public void lookup(String directory, Lookup.Result result, long nanos) {
        }

        @Override
        public void cacheHit(String directory) {
        }
    };
}
