package io.certgate.validation.profile;

/**
 * A rule of the RFC 5280 certificate profile that certgate checks itself because the JDK's PKIX
 * validator does not. Each is a MUST of the RFC (or of the ASN.1 it defines) that strict
 * verifiers (pyca/cryptography, rustls/webpki, Go's crypto/x509 for some) enforce; a certificate
 * that breaks one makes its path {@code profile-violation} (403.16).
 */
public enum ProfileCheck {
    /** A CA certificate without subjectKeyIdentifier: RFC 5280 §4.2.1.2 "MUST appear in all conforming CA certificates". */
    CA_WITHOUT_SUBJECT_KEY_IDENTIFIER("RFC 5280 §4.2.1.2"),
    /** A certificate that is not self-signed without authorityKeyIdentifier: RFC 5280 §4.2.1.1 (only self-signed ones may omit it). */
    MISSING_AUTHORITY_KEY_IDENTIFIER("RFC 5280 §4.2.1.1"),
    /** An authorityKeyIdentifier or subjectKeyIdentifier marked critical: RFC 5280 §4.2.1.1 and §4.2.1.2 "MUST mark this extension as non-critical". */
    CRITICAL_KEY_IDENTIFIER("RFC 5280 §4.2.1.1, §4.2.1.2"),
    /** A client certificate with keyUsage keyCertSign but basicConstraints cA false or absent: RFC 5280 §4.2.1.3 and §4.2.1.9. */
    KEY_CERT_SIGN_WITHOUT_CA("RFC 5280 §4.2.1.3, §4.2.1.9"),
    /** A serial number that is zero, negative or longer than 20 octets: RFC 5280 §4.1.2.2. */
    INVALID_SERIAL_NUMBER("RFC 5280 §4.1.2.2"),
    /** An extendedKeyUsage with no purpose in it: RFC 5280 §4.2.1.12, {@code SEQUENCE SIZE (1..MAX)}. */
    EMPTY_EXTENDED_KEY_USAGE("RFC 5280 §4.2.1.12"),
    /** The same extension twice in one certificate: RFC 5280 §4.2 "MUST NOT include more than one instance". */
    DUPLICATE_EXTENSION("RFC 5280 §4.2"),
    /** An issuer name with no attribute: RFC 5280 §4.1.2.4 "MUST contain a non-empty distinguished name". */
    EMPTY_ISSUER("RFC 5280 §4.1.2.4"),
    /** A CA certificate whose subject name has no attribute: RFC 5280 §4.1.2.6. */
    CA_WITH_EMPTY_SUBJECT("RFC 5280 §4.1.2.6");

    private final String source;
    private final String label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

    ProfileCheck(String source) {
        this.source = source;
    }

    /** Where the rule is written, as details cite it: {@code RFC 5280 §4.2.1.2}. */
    public String source() {
        return source;
    }

    /** The check as logs spell it: {@code ca-without-subject-key-identifier}. */
    public String label() {
        return label;
    }
}
