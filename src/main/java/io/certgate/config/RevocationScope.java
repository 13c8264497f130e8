package io.certgate.config;

/** Which certificates of a validated chain have their revocation status checked. */
public enum RevocationScope {
    /** Every certificate but the trust anchor (as IIS and nginx's ssl_crl do): a revoked intermediate refuses its clients. */
    CHAIN,
    /** Only the client's own certificate; CAs need no CRL of their own. */
    LEAF
}
