package io.certgate.config;

/**
 * A way of describing the client's certificate to a backend ({@code identityHeaders.formats}).
 * A location sends every format it lists, side by side; each format's headers are removed from
 * every client request whatever is listed, so a backend never reads a client's copy.
 */
public enum IdentityHeaderFormat {
    /**
     * certgate's own {@code X-Client-Cert-Verify}, {@code -Subject}, {@code -Issuer}, {@code -Serial},
     * {@code -Fingerprint} and {@code X-Client-Cert}; with {@code chain: true} also
     * {@code X-Client-Cert-Chain}.
     */
    CERTGATE,
    /**
     * RFC 9440: {@code Client-Cert} (the client's certificate) and {@code Client-Cert-Chain} (the
     * rest of the chain it sent), DER as RFC 8941 byte sequences.
     */
    RFC9440,
    /**
     * Envoy's {@code X-Forwarded-Client-Cert}, set by certgate as Envoy's {@code SANITIZE_SET} does:
     * never appended to a copy the client sent.
     */
    XFCC
}
