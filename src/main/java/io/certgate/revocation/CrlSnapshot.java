package io.certgate.revocation;

import java.time.Instant;
import java.util.Optional;

/**
 * What a checker holds for one CRL source, read-only, for metrics and status pages.
 *
 * @param source the file or URL, as verdicts name it ({@code crl:/etc/pki/int.crl}, {@code crl:http://...})
 * @param issuer the CRL issuer (RFC 4514); empty when nothing was ever had from a URL
 * @param entries revoked certificates listed
 * @param delta true for a delta CRL
 * @param lastFailure the latest download or reload failure, cleared by a success
 * @param failures downloads or reloads that failed since the source was first used
 * @param nextRefresh when a download is next due (empty for files, which are watched)
 */
public record CrlSnapshot(
        String source,
        Optional<String> issuer,
        Optional<Instant> thisUpdate,
        Optional<Instant> nextUpdate,
        int entries,
        boolean delta,
        Optional<String> lastFailure,
        long failures,
        Optional<Instant> nextRefresh) {

    static CrlSnapshot of(HeldCrl held, Optional<String> lastFailure, long failures, Optional<Instant> nextRefresh) {
        CompactCrl crl = held.crl();
        return new CrlSnapshot(held.source(), Optional.of(crl.issuer().getName()), Optional.of(crl.thisUpdate()),
                crl.nextUpdate(), crl.size(), crl.isDelta(), lastFailure, failures, nextRefresh);
    }
}
