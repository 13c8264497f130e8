package io.certgate.config;

/** The part of a certificate a many-to-one rule looks at (IIS certificateField, and two of ours). */
public enum CertificateField {
    /** The subject distinguished name; sub-fields CN O OU L ST C E DC. */
    SUBJECT,
    /** The issuer distinguished name; sub-fields CN O OU L ST C E DC. */
    ISSUER,
    /** The subjectAltName extension; sub-fields email dns uri upn. */
    SAN,
    /** The policy OIDs of the certificatePolicies extension (RFC 5280 §4.2.1.4); no sub-field, an OID pattern. */
    POLICY,
    /** The key purpose OIDs of the extendedKeyUsage extension (RFC 5280 §4.2.1.12); no sub-field, an OID pattern or a name. */
    EKU;

    /** True when the field holds OIDs (matched by {@link OidPattern}) rather than text with sub-fields. */
    public boolean holdsOids() {
        return this == POLICY || this == EKU;
    }
}
