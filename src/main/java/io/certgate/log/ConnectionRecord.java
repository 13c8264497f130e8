package io.certgate.log;

import java.time.Instant;

/**
 * One TLS connection as the connection log sees it, once its handshake has ended (and, when it
 * succeeded, once the presented certificate was judged). Strings may be empty, never null. Modelled
 * on AWS ALB's connection log entries.
 *
 * @param time when the handshake ended (or failed)
 * @param serverName the SNI name the client sent, empty when none
 * @param site the site that served the handshake, empty when it failed before one was chosen
 * @param tlsProtocol {@code TLSv1.3}, {@code TLSv1.2}; empty for a failed handshake
 * @param cipher the cipher suite, such as {@code TLS_AES_128_GCM_SHA256}; empty for a failed handshake
 * @param handshake how it went
 * @param handshakeMillis from the TCP connection's acceptance until the handshake ended
 * @param certificateSubject the client certificate's subject (RFC 4514), empty when none was presented
 * @param certificateIssuer its issuer (RFC 4514)
 * @param certificateSerial its serial in upper-case hex, as {@code openssl x509 -serial} prints it
 * @param certificateFingerprint its SHA-256 fingerprint, lower-case hex
 * @param verdictReason the certificate verdict's reason ({@code ok}, {@code expired}, {@code no-certificate}, ...),
 *                      empty for a failed handshake
 * @param failure why the handshake failed ({@code not_tls}, {@code timeout}, {@code closed}, {@code protocol},
 *                {@code alert}, {@code other}, as in {@code certgate_handshake_failures_total}), empty when it succeeded
 * @param failureDetail the TLS stack's own words for the failure, empty when it succeeded
 */
public record ConnectionRecord(
        Instant time,
        String clientIp,
        int clientPort,
        String serverIp,
        int serverPort,
        String serverName,
        String site,
        String tlsProtocol,
        String cipher,
        Handshake handshake,
        double handshakeMillis,
        String certificateSubject,
        String certificateIssuer,
        String certificateSerial,
        String certificateFingerprint,
        String verdictReason,
        String failure,
        String failureDetail) {

    /** How a connection's handshake went. */
    public enum Handshake {
        /** A full handshake: new keys, the client's certificate (if any) sent and checked for possession. */
        FULL,
        /** An earlier session resumed (ticket or session ID); the certificate is the one of that session. */
        RESUMED,
        /** The handshake did not complete; {@code failure} says why. */
        FAILED;

        /** As the log spells it: {@code full}, {@code resumed}, {@code failed}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
