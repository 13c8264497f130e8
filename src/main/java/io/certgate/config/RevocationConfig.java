package io.certgate.config;

import java.time.Duration;
import java.util.List;

/**
 * How revocation is checked for a site's client certificates.
 *
 * @param crlFiles CRL files on disk, PEM or DER
 * @param fetchDistributionPoints download the http CRLs named in the certificates
 * @param refreshInterval how often CRL files and downloaded CRLs are looked at again, at most
 * @param scope which certificates of the chain are checked
 */
public record RevocationConfig(
        List<FileRef> crlFiles,
        boolean fetchDistributionPoints,
        OcspMode ocsp,
        OnUnavailable onUnavailable,
        Duration refreshInterval,
        RevocationScope scope) {

    public RevocationConfig {
        crlFiles = List.copyOf(crlFiles);
    }

    /** True when any source of revocation information is configured; otherwise none is checked. */
    public boolean enabled() {
        return !crlFiles.isEmpty() || fetchDistributionPoints || ocsp != OcspMode.OFF;
    }
}
