package io.certgate.revocation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known of one certificate's revocation.
 *
 * @param state good, revoked or unknown
 * @param sources where the answer came from, such as {@code crl:/etc/certgate/intermediate.crl}: every
 *                CRL (complete and delta) a good answer used, the one listing a revoked certificate,
 *                the source that failed for an unknown one ({@code none} when there was none)
 * @param detail a sentence for a person: why unknown, or when and why revoked
 * @param revokedAt when it was revoked (revoked only)
 * @param revocationReason the CRL reason code's name, such as {@code keyCompromise} (revoked only, when given)
 * @param validUntil until when this answer holds: the CRL's nextUpdate
 */
public record RevocationStatus(
        State state, List<String> sources, String detail, Optional<Instant> revokedAt,
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

    public RevocationStatus {
        sources = List.copyOf(sources);
    }

    /** The sources as one text, for sentences: {@code crl:/a.crl, crl:/a-delta.crl}. */
    public String source() {
        return String.join(", ", sources);
    }

    public static RevocationStatus good(String source, Optional<Instant> validUntil) {
        return good(List.of(source), validUntil);
    }

    public static RevocationStatus good(List<String> sources, Optional<Instant> validUntil) {
        return new RevocationStatus(State.GOOD, sources, "not revoked", Optional.empty(), Optional.empty(), validUntil);
    }

    public static RevocationStatus revoked(String source, Instant at, Optional<String> reason, Optional<Instant> validUntil) {
        return new RevocationStatus(State.REVOKED, List.of(source),
                "revoked at " + at + reason.map(r -> " (" + r + ")").orElse(""), Optional.of(at), reason, validUntil);
    }

    public static RevocationStatus unknown(String source, String detail) {
        return unknown(List.of(source), detail);
    }

    public static RevocationStatus unknown(List<String> sources, String detail) {
        return new RevocationStatus(State.UNKNOWN, sources, detail, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
