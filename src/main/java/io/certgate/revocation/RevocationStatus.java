package io.certgate.revocation;

import java.time.Instant;
import java.util.Optional;

/**
 * What is known of one certificate's revocation.
 *
 * @param state good, revoked or unknown
 * @param source where the answer came from, such as {@code crl:/etc/certgate/intermediate.crl}
 * @param detail a sentence for a person: why unknown, or when and why revoked
 * @param revokedAt when it was revoked (revoked only)
 * @param revocationReason the CRL reason code's name, such as {@code keyCompromise} (revoked only, when given)
 * @param validUntil until when this answer holds: the CRL's nextUpdate
 */
public record RevocationStatus(
        State state, String source, String detail, Optional<Instant> revokedAt,
        Optional<String> revocationReason, Optional<Instant> validUntil) {

    /** The three answers a revocation check can give. */
    public enum State {
        /** A current CRL from the issuer does not list the certificate. */
        GOOD,
        /** The certificate is listed as revoked. */
        REVOKED,
        /** No usable revocation information: none configured for this issuer, expired, or not verifiable. */
        UNKNOWN
    }

    public static RevocationStatus good(String source, Optional<Instant> validUntil) {
        return new RevocationStatus(State.GOOD, source, "not revoked", Optional.empty(), Optional.empty(), validUntil);
    }

    public static RevocationStatus revoked(String source, Instant at, Optional<String> reason, Optional<Instant> validUntil) {
        return new RevocationStatus(State.REVOKED, source,
                "revoked at " + at + reason.map(r -> " (" + r + ")").orElse(""), Optional.of(at), reason, validUntil);
    }

    public static RevocationStatus unknown(String source, String detail) {
        return new RevocationStatus(State.UNKNOWN, source, detail, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
