package io.certgate.config;

/** The part of a certificate a many-to-one rule looks at (IIS certificateField). */
public enum CertificateField {
    /** The subject distinguished name; sub-fields CN O OU L ST C E DC. */
    SUBJECT,
    /** The issuer distinguished name; sub-fields CN O OU L ST C E DC. */
    ISSUER,
    /** The subjectAltName extension; sub-fields email dns uri upn. */
    SAN
}
