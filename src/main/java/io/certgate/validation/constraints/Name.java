package io.certgate.validation.constraints;

import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * One name a certificate carries, or the base of one name-constraint subtree: a decoded
 * GeneralName (RFC 5280 §4.2.1.6) or a name taken from the subject.
 *
 * @param form     the name form; names and subtrees are compared only within one form
 * @param typeId   the otherName type-id for {@link NameForm#OTHER_NAME}, else empty
 * @param text     the name as a person reads it (an IP address in dotted or colon form); empty
 *                 for a directoryName, whose text is made only when a detail needs it ({@link #display()})
 * @param octets   the iPAddress octets (a name: the address; a subtree: address then mask), else empty
 * @param directory the directoryName, else null
 * @param field    where the name was found, for details: {@code subjectAltName dNSName}
 */
record Name(NameForm form, String typeId, String text, byte[] octets, X500Name directory, String field) {

    /** szOID_NT_PRINCIPAL_NAME: the userPrincipalName otherName that Active Directory logon uses. */
    static final ASN1ObjectIdentifier UPN_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3");

    /** True when this name and {@code other} are of one form (and, for otherName, one type-id). */
    boolean sameFormAs(Name other) {
        return form == other.form && typeId.equals(other.typeId);
    }

    /** The form and name as details show them: {@code dNSName secret.example.com}. */
    String shown() {
        return (form == NameForm.OTHER_NAME ? "otherName " + typeId : form.asn1Name()) + " " + display();
    }

    /** The name as a person reads it; a directoryName in RFC 4514 form. */
    String display() {
        return form == NameForm.DIRECTORY ? rfc4514(directory) : text;
    }

    /** The name in lower case (ASCII only: DNS names compare case-insensitively, RFC 4343). */
    String lower() {
        return text.toLowerCase(Locale.ROOT);
    }

    /**
     * Decodes a GeneralName; {@code field} says where it sits. Throws IllegalArgumentException
     * when the value is not of the type its tag requires (a dNSName that is not an IA5String).
     */
    static Name of(GeneralName name, String field) {
        int tag = name.getTagNo();
        ASN1Encodable value = name.getName();
        return switch (tag) {
            case GeneralName.rfc822Name, GeneralName.dNSName, GeneralName.uniformResourceIdentifier ->
                    new Name(NameForm.ofTag(tag), "", ia5(value), new byte[0], null, field);
            case GeneralName.iPAddress -> {
                byte[] octets = ASN1OctetString.getInstance(value).getOctets();
                yield new Name(NameForm.IP, "", address(octets), octets, null, field);
            }
            case GeneralName.directoryName -> {
                X500Name directory = X500Name.getInstance(value);
                yield new Name(NameForm.DIRECTORY, "", "", new byte[0], directory, field);
            }
            case GeneralName.otherName -> otherName(value, field);
            case GeneralName.registeredID -> new Name(NameForm.REGISTERED_ID, "",
                    ASN1ObjectIdentifier.getInstance(value).getId(), new byte[0], null, field);
            default -> new Name(NameForm.ofTag(tag), "", "(" + NameForm.ofTag(tag).asn1Name() + ")", new byte[0], null, field);
        };
    }

    /** A directory name as RFC 4514 writes it, most specific RDN first, as the rest of certgate shows names. */
    static String rfc4514(X500Name name) {
        try {
            return new javax.security.auth.x500.X500Principal(name.getEncoded()).getName(
                    javax.security.auth.x500.X500Principal.RFC2253);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return name.toString();
        }
    }

    private static Name otherName(ASN1Encodable value, String field) {
        // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }
        ASN1Sequence sequence = ASN1Sequence.getInstance(value);
        ASN1ObjectIdentifier typeId = ASN1ObjectIdentifier.getInstance(sequence.getObjectAt(0));
        ASN1Encodable inner = ASN1TaggedObject.getInstance(sequence.getObjectAt(1)).getExplicitBaseObject();
        if (UPN_OID.equals(typeId)) {
            if (!(inner instanceof ASN1String upn)) {
                throw new IllegalArgumentException("the userPrincipalName otherName is not a string");
            }
            return new Name(NameForm.UPN, "", upn.getString(), new byte[0], null, field);
        }
        String text = inner instanceof ASN1String string ? string.getString() : "(value)";
        return new Name(NameForm.OTHER_NAME, typeId.getId(), text, new byte[0], null, field);
    }

    private static String ia5(ASN1Encodable value) {
        if (!(value instanceof ASN1String string)) {
            throw new IllegalArgumentException("not an IA5String");
        }
        return string.getString();
    }

    /** Dotted IPv4, colon-hex IPv6 (uncompressed, so that it is unambiguous), either followed by /mask for a constraint. */
    static String address(byte[] octets) {
        return switch (octets.length) {
            case 4 -> dotted(octets, 0);
            case 16 -> colons(octets, 0);
            case 8 -> dotted(octets, 0) + "/" + dotted(octets, 4);
            case 32 -> colons(octets, 0) + "/" + colons(octets, 16);
            default -> "0x" + HexFormat.of().formatHex(octets) + " (" + octets.length + " octets)";
        };
    }

    private static String dotted(byte[] octets, int from) {
        return (octets[from] & 0xff) + "." + (octets[from + 1] & 0xff) + "." + (octets[from + 2] & 0xff) + "."
                + (octets[from + 3] & 0xff);
    }

    private static String colons(byte[] octets, int from) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + 16; i += 2) {
            if (i > from) {
                text.append(':');
            }
            text.append(Integer.toHexString(((octets[i] & 0xff) << 8) | (octets[i + 1] & 0xff)));
        }
        return text.toString();
    }
}
