package io.certgate.upstream;

import java.util.Locale;

/**
 * Why a TLS handshake with a backend failed, as a value: what the 502's detail, the log line and
 * the metric say.
 *
 * @param kind the closed reason
 * @param detail a sentence for the server's operator: whose certificate, which name (never shown to clients)
 */
public record UpstreamTlsFailure(Kind kind, String detail) {

    /** How deep a cause chain is searched: TLS stacks wrap two or three times; a cycle must not loop. */
    private static final int MAX_CAUSES = 16;

    /** The reasons, each with the words a client's 502 detail uses. */
    public enum Kind {
        /** The backend's chain does not lead to one of {@code proxy.tls.trustedRoots}. */
        UNKNOWN_CA("unknown CA"),
        /** No subjectAltName of the backend's certificate is {@code proxy.tls.serverName}. */
        NAME_MISMATCH("name mismatch"),
        /** A certificate of the backend's chain has expired. */
        EXPIRED("expired"),
        /** A certificate of the backend's chain is not valid yet. */
        NOT_YET_VALID("not yet valid"),
        /** The backend's certificate is not for TLS servers (its extendedKeyUsage lacks serverAuth). */
        NOT_FOR_SERVERS("not for TLS servers"),
        /** The chain is malformed or fails a PKIX check other than the above (signature, CA flag, path length). */
        INVALID_CHAIN("invalid chain"),
        /**
         * The handshake itself failed: the backend refused certgate's client certificate (or its
         * absence), no protocol version or cipher in common, or the backend closed the connection.
         */
        HANDSHAKE("handshake failed");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** The words of a 502 detail: "unknown CA", "name mismatch", "expired". */
        public String words() {
            return words;
        }

        /** Lower-case name, for logs. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What a client's 502 may say: the reason, nothing of the backend's names or address. */
    public String forClient() {
        return kind == Kind.HANDSHAKE ? "the TLS handshake with the backend failed"
                : "the backend's TLS certificate failed verification: " + kind.words();
    }

    /**
     * The failure a handshake ended with: the certificate check's own when it was certgate that
     * refused the backend, else a {@link Kind#HANDSHAKE} with the TLS stack's message.
     */
    public static UpstreamTlsFailure of(Throwable handshakeFailure) {
        String message = null;
        int depth = 0;
        for (Throwable t = handshakeFailure; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (t instanceof BackendCertificateException refused) {
                return refused.failure();
            }
            if (t.getMessage() != null && message == null) {
                message = t.getMessage();
            }
        }
        return new UpstreamTlsFailure(Kind.HANDSHAKE, message == null
                ? handshakeFailure.getClass().getSimpleName() : message);
    }
}
