package io.certgate.validation.constraints;

import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The forms of GeneralName (RFC 5280 §4.2.1.6) as name constraints see them. A constraint of
 * one form says nothing about names of another (§4.2.1.10), so a certificate that carries no
 * name of a constrained form passes that form's constraints.
 */
enum NameForm {
    /** otherName with a type-id other than the Microsoft UPN; compared by type-id only. */
    OTHER_NAME("otherName", GeneralName.otherName),
    /** rfc822Name, and the subject's emailAddress attribute (§4.2.1.10 legacy rule). */
    EMAIL("rfc822Name", GeneralName.rfc822Name),
    /** dNSName, a single leading {@code *.} label allowed. */
    DNS("dNSName", GeneralName.dNSName),
    /** x400Address: certgate cannot compare these. */
    X400("x400Address", GeneralName.x400Address),
    /** directoryName in the SAN, and the subject name itself. */
    DIRECTORY("directoryName", GeneralName.directoryName),
    /** ediPartyName: certgate cannot compare these. */
    EDI_PARTY("ediPartyName", GeneralName.ediPartyName),
    /** uniformResourceIdentifier; constraints apply to its host (§4.2.1.10). */
    URI("uniformResourceIdentifier", GeneralName.uniformResourceIdentifier),
    /** iPAddress: 4 or 16 octets in a name, address and mask (8 or 32 octets) in a constraint. */
    IP("iPAddress", GeneralName.iPAddress),
    /** registeredID: certgate cannot compare these. */
    REGISTERED_ID("registeredID", GeneralName.registeredID),
    /** otherName 1.3.6.1.4.1.311.20.2.3, the Microsoft userPrincipalName; compared on the part after {@code @}. */
    UPN("otherName UPN", GeneralName.otherName);

    private final String asn1Name;
    private final int tag;

    NameForm(String asn1Name, int tag) {
        this.asn1Name = asn1Name;
        this.tag = tag;
    }

    /** The form as RFC 5280 spells it, for details: {@code dNSName}. */
    String asn1Name() {
        return asn1Name;
    }

    /** True for the forms certgate can decide a constraint on. */
    boolean comparable() {
        return this != OTHER_NAME && this != X400 && this != EDI_PARTY && this != REGISTERED_ID;
    }

    /** The form of a GeneralName whose tag is not otherName (otherName is split by type-id). */
    static NameForm ofTag(int tag) {
        for (NameForm form : values()) {
            if (form.tag == tag && form != UPN) {
                return form;
            }
        }
        throw new IllegalArgumentException("no GeneralName has tag " + tag);
    }
}
