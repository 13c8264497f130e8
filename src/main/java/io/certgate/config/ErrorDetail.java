package io.certgate.config;

/**
 * How much an error page says ({@code errors.detail}). Whatever the level, the access log keeps
 * the full sentence.
 */
public enum ErrorDetail {
    /**
     * Status, substatus, reason and a sentence saying what was wrong with the client's request or
     * certificate; never a server-side file path, a backend's address or a URL only the server
     * knows (the default).
     */
    DETAILED,
    /** As {@link #DETAILED}, with the server-side names too: CRL file paths, backend addresses (for troubleshooting). */
    INTERNAL,
    /** Status, substatus and reason only. */
    TERSE
}
