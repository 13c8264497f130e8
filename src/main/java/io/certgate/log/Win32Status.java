package io.certgate.log;

import java.util.Map;

/**
 * The {@code sc-win32-status} IIS writes for a refused client certificate: the Windows
 * certificate-chain error (winerror.h, as unsigned decimal) behind its 403.13, 403.16 or 403.17.
 * Keyed by the verdict reason as logs spell it, so a reason this table does not know yet still gets
 * the error of its kind (by substatus) rather than 0. Every other answer is 0, as in IIS.
 */
final class Win32Status {

    /** 0x800B0101: not within its validity period (IIS uses it for not-yet-valid too). */
    static final long CERT_E_EXPIRED = 2148204801L;
    /** 0x800B0103: a certificate used as a CA that may not be one. */
    static final long CERT_E_ROLE = 2148204803L;
    /** 0x800B0104: a pathLenConstraint exceeded. */
    static final long CERT_E_PATHLENCONST = 2148204804L;
    /** 0x800B0105: an unknown critical extension. */
    static final long CERT_E_CRITICAL = 2148204805L;
    /** 0x800B0108: a certificate that cannot be decoded or breaks the profile. */
    static final long CERT_E_MALFORMED = 2148204808L;
    /** 0x800B0109: the chain ends in a root that is not trusted. */
    static final long CERT_E_UNTRUSTEDROOT = 2148204809L;
    /** 0x800B010A: no chain could be built. */
    static final long CERT_E_CHAINING = 2148204810L;
    /** 0x800B0110: not for client authentication. */
    static final long CERT_E_WRONG_USAGE = 2148204816L;
    /** 0x800B0113: the certificate policies are not satisfied. */
    static final long CERT_E_INVALID_POLICY = 2148204819L;
    /** 0x800B0114: a name outside a CA's name constraints, or not a valid name. */
    static final long CERT_E_INVALID_NAME = 2148204820L;
    /** 0x80096004: a signature that does not verify. */
    static final long TRUST_E_CERT_SIGNATURE = 2148098052L;
    /** 0x80090008: an algorithm that is not allowed. */
    static final long NTE_BAD_ALGID = 2148073480L;
    /** 0x80092010: revoked. */
    static final long CRYPT_E_REVOKED = 2148081680L;
    /** 0x80092013: the revocation server was offline (no CRL or OCSP answer). */
    static final long CRYPT_E_REVOCATION_OFFLINE = 2148081683L;

    /** By verdict reason ({@code validation.Reason} labels, and those being added). */
    private static final Map<String, Long> BY_REASON = Map.ofEntries(
            Map.entry("expired", CERT_E_EXPIRED),
            Map.entry("not-yet-valid", CERT_E_EXPIRED),
            Map.entry("no-path-to-trusted-root", CERT_E_UNTRUSTEDROOT),
            Map.entry("bad-signature", TRUST_E_CERT_SIGNATURE),
            Map.entry("wrong-key-usage", CERT_E_WRONG_USAGE),
            Map.entry("not-a-ca", CERT_E_ROLE),
            Map.entry("path-length-exceeded", CERT_E_PATHLENCONST),
            Map.entry("chain-too-long", CERT_E_CHAINING),
            Map.entry("chain-too-complex", CERT_E_CHAINING),
            Map.entry("name-constraints", CERT_E_INVALID_NAME),
            Map.entry("invalid-name", CERT_E_INVALID_NAME),
            Map.entry("policy", CERT_E_INVALID_POLICY),
            Map.entry("unsupported-critical-extension", CERT_E_CRITICAL),
            Map.entry("weak-algorithm", NTE_BAD_ALGID),
            Map.entry("malformed", CERT_E_MALFORMED),
            Map.entry("profile-violation", CERT_E_MALFORMED),
            // Windows has no code of its own for a chain or key over a size cap: it cannot decode them either.
            Map.entry("chain-too-large", CERT_E_MALFORMED),
            Map.entry("key-too-large", CERT_E_MALFORMED),
            Map.entry("revoked", CRYPT_E_REVOKED),
            Map.entry("revocation-unavailable", CRYPT_E_REVOCATION_OFFLINE));

    private Win32Status() {
    }

    /**
     * @param verdictReason the certificate verdict's reason label, empty when none
     * @return the Windows error for a 403.13/.16/.17, else 0
     */
    static long of(int status, int substatus, String verdictReason) {
        if (status != 403 || substatus != 13 && substatus != 16 && substatus != 17) {
            return 0;
        }
        Long known = BY_REASON.get(verdictReason);
        if (known != null) {
            return known;
        }
        // A reason added since this table: the error of its IIS substatus.
        return switch (substatus) {
            case 13 -> CRYPT_E_REVOCATION_OFFLINE;
            case 17 -> CERT_E_EXPIRED;
            default -> CERT_E_CHAINING;
        };
    }

    /** True when the table names this reason itself (not through the substatus default). */
    static boolean knows(String verdictReason) {
        return BY_REASON.containsKey(verdictReason);
    }
}
