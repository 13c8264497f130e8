package io.certgate.validation.constraints;

import io.certgate.x509.DecodedCertificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Every name of a certificate that name constraints apply to (RFC 5280 §6.1.3 (b), (c)): each
 * subjectAltName, the subject itself as a directoryName when it is not empty, and each
 * emailAddress attribute of the subject as an rfc822Name (§4.2.1.10).
 */
final class CertificateNames {

    static final String SUBJECT_ALT_NAME = "subjectAltName";
    static final String SUBJECT = "subject";
    static final String SUBJECT_EMAIL = "subject emailAddress";

    private CertificateNames() {
    }

    /**
     * The subjectAltName entries, read with Bouncy Castle from the extension's bytes: the JDK
     * keeps a SAN it cannot parse (a dNSName with {@code _}) as an opaque extension and its
     * name-constraint check then sees no names at all. Throws IllegalArgumentException when
     * the extension does not decode.
     */
    static List<Name> altNames(X509Certificate certificate) {
        byte[] extension = DecodedCertificate.of(certificate).extensionValue(Extension.subjectAlternativeName.getId());
        if (extension == null) {
            return List.of();
        }
        List<Name> names = new ArrayList<>();
        try {
            byte[] inner = ASN1OctetString.getInstance(extension).getOctets();
            for (GeneralName name : GeneralNames.getInstance(inner).getNames()) {
                names.add(Name.of(name, SUBJECT_ALT_NAME));
            }
        } catch (RuntimeException undecodable) {
            throw new IllegalArgumentException(undecodable.getMessage(), undecodable);
        }
        return names;
    }

    /** The subject as a directoryName (none when empty) and its emailAddress values as rfc822Names. */
    static List<Name> subjectNames(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<Name> names = new ArrayList<>();
        if (subject.getRDNs().length > 0) {
            names.add(new Name(NameForm.DIRECTORY, "", "", new byte[0], subject, SUBJECT));
        }
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (BCStyle.EmailAddress.equals(value.getType())) {
                    String text = value.getValue() instanceof ASN1String string ? string.getString() : value.getValue().toString();
                    names.add(new Name(NameForm.EMAIL, "", text, new byte[0], null, SUBJECT_EMAIL));
                }
            }
        }
        return names;
    }

    /** The name with where it was found: {@code subjectAltName dNSName www.example.com}, {@code subject CN=alice}. */
    static String described(Name name) {
        return name.field().equals(SUBJECT_ALT_NAME) ? SUBJECT_ALT_NAME + " " + name.shown() : name.field() + " " + name.display();
    }
}
