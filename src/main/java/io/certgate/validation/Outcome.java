package io.certgate.validation;

/** The kind of verdict; each maps to one IIS answer when the certificate is needed. */
public enum Outcome {
    /** A path to a trusted root was validated and nothing is revoked. */
    VALID,
    /** The client sent no certificate (403.7 where one is required). */
    MISSING,
    /** No valid path to a trusted root: unknown issuer, bad signature, wrong usage, too long, malformed (403.16). */
    UNTRUSTED,
    /** The client's certificate or a CA in its chain is expired or not yet valid (403.17). */
    EXPIRED,
    /** The client's certificate or a CA in its chain is revoked (403.13). */
    REVOKED,
    /** No revocation information could be had and the policy fails closed (403.13). */
    REVOCATION_UNKNOWN;

    private final String label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

    /** The outcome as reports spell it: {@code revocation-unknown}. */
    public String label() {
        return label;
    }
}
