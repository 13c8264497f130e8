package io.certgate.revocation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * One revoked certificate as a CRL lists it.
 *
 * @param reasonCode the RFC 5280 §5.3.1 CRLReason, or {@link RevokedSerials#NO_REASON}
 */
record CrlEntry(BigInteger serial, Instant revokedAt, byte reasonCode) {

    /** RFC 5280 §5.3.1 CRLReason values certgate treats specially. */
    static final byte UNSPECIFIED = 0;
    static final byte CERTIFICATE_HOLD = 6;
    static final byte REMOVE_FROM_CRL = 8;

    /** Only in a delta CRL: the certificate is no longer on hold (RFC 5280 §5.2.4). */
    boolean removesFromCrl() {
        return reasonCode == REMOVE_FROM_CRL;
    }

    /** The reason's name as RFC 5280 spells it; empty when none or unspecified, which say nothing. */
    Optional<String> reasonName() {
        return switch (reasonCode) {
            case 1 -> Optional.of("keyCompromise");
            case 2 -> Optional.of("cACompromise");
            case 3 -> Optional.of("affiliationChanged");
            case 4 -> Optional.of("superseded");
            case 5 -> Optional.of("cessationOfOperation");
            case 6 -> Optional.of("certificateHold");
            case 8 -> Optional.of("removeFromCRL");
            case 9 -> Optional.of("privilegeWithdrawn");
            case 10 -> Optional.of("aACompromise");
            default -> Optional.empty();
        };
    }
}
