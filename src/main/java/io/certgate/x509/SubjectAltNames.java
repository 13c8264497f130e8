package io.certgate.x509;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import java.security.cert.X509Certificate;

/**
 * The subjectAltName values certgate can match on: rfc822Name (email), dNSName,
 * uniformResourceIdentifier and the Microsoft UPN otherName (1.3.6.1.4.1.311.20.2.3) that
 * smart-card logon certificates carry.
 */
public record SubjectAltNames(List<String> emails, List<String> dnsNames, List<String> uris, List<String> upns) {

    /** szOID_NT_PRINCIPAL_NAME: the UPN otherName that Active Directory maps on. */
    public static final ASN1ObjectIdentifier UPN_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3");

    public static final SubjectAltNames NONE = new SubjectAltNames(List.of(), List.of(), List.of(), List.of());

    public SubjectAltNames {
        emails = List.copyOf(emails);
        dnsNames = List.copyOf(dnsNames);
        uris = List.copyOf(uris);
        upns = List.copyOf(upns);
    }

    /**
     * Reads the extension of a certificate. A malformed extension yields what could be read
     * before it: the path validator has already judged the certificate, this is only for display
     * and mapping.
     */
    public static SubjectAltNames of(X509Certificate certificate) {
        byte[] extension = DecodedCertificate.of(certificate).extensionValue(Extension.subjectAlternativeName.getId());
        if (extension == null) {
            return NONE;
        }
        List<String> emails = new ArrayList<>();
        List<String> dns = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        List<String> upns = new ArrayList<>();
        try {
            byte[] inner = org.bouncycastle.asn1.ASN1OctetString.getInstance(extension).getOctets();
            for (GeneralName name : GeneralNames.getInstance(inner).getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.rfc822Name -> emails.add(text(name.getName()));
                    case GeneralName.dNSName -> dns.add(text(name.getName()));
                    case GeneralName.uniformResourceIdentifier -> uris.add(text(name.getName()));
                    case GeneralName.otherName -> upn(name.getName()).ifPresent(upns::add);
                    default -> { }
                }
            }
        } catch (RuntimeException malformed) {
            // Keep what was read; see the method comment.
        }
        return new SubjectAltNames(emails, dns, uris, upns);
    }

    private static java.util.Optional<String> upn(ASN1Encodable otherName) {
        // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }
        ASN1Sequence sequence = ASN1Sequence.getInstance(otherName);
        if (!UPN_OID.equals(sequence.getObjectAt(0))) {
            return java.util.Optional.empty();
        }
        ASN1Encodable value = ASN1TaggedObject.getInstance(sequence.getObjectAt(1)).getExplicitBaseObject();
        return java.util.Optional.of(text(value));
    }

    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String string ? string.getString() : value.toString();
    }
}
