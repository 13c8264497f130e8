package io.certgate.config;

/** Which certificates of a validated chain have their revocation status checked. */
public enum RevocationScope {
    /**
     * The client's certificate, which must have revocation information, and every CA of the chain
     * for which some is configured (a revoked intermediate refuses its clients). A CA nobody
     * publishes revocation for is not checked, with a warning in the verdict.
     */
    CHAIN,
    /** Only the client's own certificate; CAs need no CRL of their own. */
    LEAF
}
