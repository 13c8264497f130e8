package io.certgate.x509;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** The distinguished-name attributes IIS many-to-one rules can test, with their OIDs. */
public enum NameAttribute {
    /** commonName, 2.5.4.3. */
    CN(BCStyle.CN),
    /** organizationName, 2.5.4.10. */
    O(BCStyle.O),
    /** organizationalUnitName, 2.5.4.11; often present several times. */
    OU(BCStyle.OU),
    /** localityName, 2.5.4.7. */
    L(BCStyle.L),
    /** stateOrProvinceName, 2.5.4.8. */
    ST(BCStyle.ST),
    /** countryName, 2.5.4.6. */
    C(BCStyle.C),
    /** emailAddress (PKCS #9), 1.2.840.113549.1.9.1; deprecated in favour of the SAN but still common. */
    E(BCStyle.EmailAddress),
    /** domainComponent, 0.9.2342.19200300.100.1.25; Active Directory names use several. */
    DC(BCStyle.DC);

    private final ASN1ObjectIdentifier oid;

    NameAttribute(ASN1ObjectIdentifier oid) {
        this.oid = oid;
    }

    ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The attribute with this dotted OID, or null when it is none of these. */
    static NameAttribute byOid(String oid) {
        for (NameAttribute attribute : values()) {
            if (attribute.oid.getId().equals(oid)) {
                return attribute;
            }
        }
        return null;
    }
}
