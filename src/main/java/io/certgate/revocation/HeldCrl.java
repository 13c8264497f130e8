package io.certgate.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A CRL as a source holds it.
 *
 * @param source where it came from, as verdicts name it: {@code crl:/etc/pki/int.crl} or {@code crl:http://...}
 * @param grace how long after its nextUpdate it may still be used: a downloaded CRL whose refresh
 *              failed stays usable this long; zero for files, which nobody refreshes for us
 */
record HeldCrl(CompactCrl crl, String source, Duration grace) {

    /** The last moment this CRL may answer; empty when it has no nextUpdate. */
    Optional<Instant> usableUntil() {
        return crl.nextUpdate().map(next -> next.plus(grace));
    }
}
