package io.certgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the top-level {@code directories:} map: an LDAP or Active Directory server that
 * sites' {@code directoryMapping} (and revocation's {@code ldap:///} distribution points) ask.
 *
 * @param url {@code ldap://host:port} or {@code ldaps://host:port}
 * @param trustedRoots the CAs a {@code ldaps://} or startTLS server certificate must chain to
 * @param bindDn the DN to bind as; empty for an anonymous bind
 * @param bindPassword where the bind password is kept (never the password itself)
 * @param userFilter ANDed with each lookup, such as {@code (objectClass=user)}
 * @param userName the attribute that becomes the account name
 * @param groups the attribute holding group DNs (the first RDN value of each is the group name)
 * @param disabled entries matching this filter are disabled accounts (403.12)
 * @param cacheTtl how long an answer (found or not) is reused for the same certificate
 * @param maxStale with {@code onUnavailable: cached}, how old an answer may be served while the directory is down
 */
public record DirectoryConfig(
        String name,
        String url,
        boolean startTls,
        List<FileRef> trustedRoots,
        Optional<String> bindDn,
        Optional<SecretRef> bindPassword,
        String baseDn,
        Optional<String> userFilter,
        String userName,
        Optional<String> groups,
        Optional<GroupSearchConfig> groupSearch,
        Optional<String> disabled,
        Duration timeout,
        Duration cacheTtl,
        DirectoryOnUnavailable onUnavailable,
        Duration maxStale,
        Origin origin) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(1);
    public static final String DEFAULT_USER_NAME = "sAMAccountName";

    public DirectoryConfig {
        trustedRoots = List.copyOf(trustedRoots);
    }

    /** A copy pointing at another server, the rest unchanged (tests, {@code demo --directory}). */
    public DirectoryConfig withUrl(String other) {
        return new DirectoryConfig(name, other, startTls, trustedRoots, bindDn, bindPassword, baseDn, userFilter,
                userName, groups, groupSearch, disabled, timeout, cacheTtl, onUnavailable, maxStale, origin);
    }
}
