package io.certgate.config;

/** The value within a {@link CertificateField} a rule matches (IIS certificateSubField). */
public enum CertificateSubField {
    /** commonName. */
    CN(false),
    /** organizationName. */
    O(false),
    /** organizationalUnitName; a certificate may carry several, any may match. */
    OU(false),
    /** localityName. */
    L(false),
    /** stateOrProvinceName. */
    ST(false),
    /** countryName. */
    C(false),
    /** emailAddress attribute of the name. */
    E(false),
    /** domainComponent; several are common, any may match. */
    DC(false),
    /** SAN rfc822Name. */
    EMAIL(true),
    /** SAN dNSName. */
    DNS(true),
    /** SAN uniformResourceIdentifier. */
    URI(true),
    /** SAN otherName UPN (1.3.6.1.4.1.311.20.2.3). */
    UPN(true);

    private final boolean alternativeName;

    CertificateSubField(boolean alternativeName) {
        this.alternativeName = alternativeName;
    }

    /** True when the sub-field belongs to {@link CertificateField#SAN}; otherwise to subject and issuer. */
    public boolean isAlternativeName() {
        return alternativeName;
    }

    /** True when the sub-field can be used with the field (policy and eku have none). */
    public boolean fits(CertificateField field) {
        return !field.holdsOids() && alternativeName == (field == CertificateField.SAN);
    }
}
