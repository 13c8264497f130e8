package io.certgate.validation;

/** Why a verdict is what it is: finer than {@link Outcome}, stable for logs and tooling. */
public enum Reason {
    /** Valid. */
    OK(Outcome.VALID),
    /** No certificate was presented. */
    NO_CERTIFICATE(Outcome.MISSING),
    /** No chain from the certificate to a configured trusted root could be built. */
    NO_PATH_TO_TRUSTED_ROOT(Outcome.UNTRUSTED),
    /** A signature in the chain does not verify. */
    BAD_SIGNATURE(Outcome.UNTRUSTED),
    /** Key usage or extended key usage does not allow TLS client authentication, or a CA may not sign certificates. */
    WRONG_KEY_USAGE(Outcome.UNTRUSTED),
    /** A certificate used as a CA is not marked as one (basic constraints). */
    NOT_A_CA(Outcome.UNTRUSTED),
    /** A CA's pathLenConstraint is exceeded. */
    PATH_LENGTH_EXCEEDED(Outcome.UNTRUSTED),
    /** The path is longer than the configured maxChainLength, or the client sent too many certificates. */
    CHAIN_TOO_LONG(Outcome.UNTRUSTED),
    /** A name violates a CA's name constraints. */
    NAME_CONSTRAINTS(Outcome.UNTRUSTED),
    /** The certificate policies do not satisfy the policy requirements. */
    POLICY(Outcome.UNTRUSTED),
    /** A subjectAltName (or a name a constraint must judge) is not valid syntax for its form (RFC 5280 §4.2.1.6). */
    INVALID_NAME(Outcome.UNTRUSTED),
    /**
     * Path building ran out of its work budget (see {@code PathBudget}: issuer links followed,
     * signatures checked) before a valid path was found: a chain crafted to be expensive.
     */
    CHAIN_TOO_COMPLEX(Outcome.UNTRUSTED),
    /** A certificate of the path breaks an RFC 5280 profile rule the JDK does not check (see {@code ProfileCheck}). */
    PROFILE_VIOLATION(Outcome.UNTRUSTED),
    /** A certificate carries a critical extension certgate does not understand. */
    UNSUPPORTED_CRITICAL_EXTENSION(Outcome.UNTRUSTED),
    /** A signature or key algorithm that is no longer allowed (MD5, RSA under 1024 bits, ...). */
    WEAK_ALGORITHM(Outcome.UNTRUSTED),
    /** A certificate cannot be decoded. */
    MALFORMED(Outcome.UNTRUSTED),
    /** The certificate or a CA is past its notAfter date. */
    EXPIRED(Outcome.EXPIRED),
    /** The certificate or a CA is before its notBefore date. */
    NOT_YET_VALID(Outcome.EXPIRED),
    /** A certificate of the chain is on its issuer's revocation list, or OCSP says revoked. */
    REVOKED(Outcome.REVOKED),
    /** No CRL or OCSP answer could be had for a certificate of the chain. */
    REVOCATION_UNAVAILABLE(Outcome.REVOCATION_UNKNOWN);

    private final Outcome outcome;
    private final String label;

    Reason(Outcome outcome) {
        this.outcome = outcome;
        this.label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The reason as logs, headers and JSON spell it: {@code no-path-to-trusted-root}. */
    public String label() {
        return label;
    }
}
