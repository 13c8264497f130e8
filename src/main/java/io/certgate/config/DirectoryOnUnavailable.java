package io.certgate.config;

/** What a directory mapping does when its directory cannot be asked (down, slow, refusing the bind). */
public enum DirectoryOnUnavailable {
    /** Answer 503 with {@code Certgate-Status: 503 directory-unavailable} (fail closed). */
    DENY,
    /** Serve the last answer the directory gave for that certificate, up to {@code maxStale} old; then as deny. */
    CACHED
}
