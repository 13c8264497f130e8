package io.certgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How revocation is checked for a site's client certificates.
 *
 * @param crlFiles CRL files on disk, PEM or DER; reloaded when they change
 * @param fetchDistributionPoints download the http, https, ldap and ldaps CRLs named in the certificates
 * @param refreshInterval the longest a downloaded CRL is kept before it is downloaded again
 * @param scope which certificates of the chain are checked
 * @param grace how long after its nextUpdate a downloaded CRL stays in use while refreshes fail
 * @param connectTimeout how long a CRL or OCSP server may take to accept a connection
 * @param readTimeout how long its whole answer may take once connected
 * @param maxCrlSize the largest CRL downloaded, in bytes
 * @param ocspNonce send a nonce with each OCSP request and require it back (RFC 8954)
 * @param ldapServer the ldap:// or ldaps:// server asked for AD's hostless {@code ldap:///} distribution points
 *                   (anonymously; ldaps checked against the JVM's trusted roots)
 * @param directory the name of a configured directory asked instead (its pool, bind and TLS); at most one of the two
 */
public record RevocationConfig(
        List<FileRef> crlFiles,
        boolean fetchDistributionPoints,
        OcspMode ocsp,
        OnUnavailable onUnavailable,
        Duration refreshInterval,
        RevocationScope scope,
        Duration grace,
        Duration connectTimeout,
        Duration readTimeout,
        long maxCrlSize,
        boolean ocspNonce,
        Optional<URI> ldapServer,
        Optional<String> directory) {

    /** A refresh that keeps failing leaves the last good CRL in use this long past its nextUpdate. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** A CRL with a million entries is about 40 MB; a bigger download is more likely a mistake or an attack. */
    public static final long DEFAULT_MAX_CRL_SIZE = 64L * 1024 * 1024;

    public RevocationConfig {
        crlFiles = List.copyOf(crlFiles);
        if (ldapServer.isPresent() && directory.isPresent()) {
            throw new IllegalArgumentException("ldapServer " + ldapServer.get() + " and directory " + directory.get()
                    + ": at most one of them answers hostless ldap:/// distribution points");
        }
    }

    /** The settings before downloads were configurable: every download setting at its default. */
    public RevocationConfig(List<FileRef> crlFiles, boolean fetchDistributionPoints, OcspMode ocsp,
                            OnUnavailable onUnavailable, Duration refreshInterval, RevocationScope scope) {
        this(crlFiles, fetchDistributionPoints, ocsp, onUnavailable, refreshInterval, scope, DEFAULT_GRACE,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_CRL_SIZE, false, Optional.empty(),
                Optional.empty());
    }

    /** True when any source of revocation information is configured; otherwise none is checked. */
    public boolean enabled() {
        return !crlFiles.isEmpty() || fetchDistributionPoints || ocsp != OcspMode.OFF;
    }
}
