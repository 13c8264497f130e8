package io.certgate.identity;

import io.certgate.x509.DecodedCertificate;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.NameAttribute;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The {@code altSecurityIdentities} values a certificate can be mapped by, in KB5014754's
 * forms, strong first. Issuer and subject are written as AD writes them: the RDNs from the most
 * general to the most specific ({@code DC=com,DC=contoso,CN=CONTOSO-DC-CA}); the opposite, RFC
 * 4514 order is offered too, since OpenLDAP administrators often write that.
 */
final class CertificateIdentities {

    /** One value and whether KB5014754 counts it as strong. */
    record Candidate(String value, boolean strong, String form) {
    }

    private CertificateIdentities() {
    }

    static List<Candidate> altSecurityIdentities(CertificateFacts certificate) {
        List<Candidate> candidates = new ArrayList<>();
        List<String> issuers = names(certificate.certificate().getIssuerX500Principal().getEncoded());
        List<String> subjects = names(certificate.certificate().getSubjectX500Principal().getEncoded());
        String serial = reversedSerial(certificate);
        for (String issuer : issuers) {
            candidates.add(new Candidate("X509:<I>" + issuer + "<SR>" + serial, true, "X509:<I><SR>"));
        }
        byte[] ski = subjectKeyIdentifier(certificate);
        if (ski != null) {
            candidates.add(new Candidate("X509:<SKI>" + hex(ski), true, "X509:<SKI>"));
        }
        candidates.add(new Candidate("X509:<SHA1-PUKEY>" + hex(sha1(certificate.certificate().getPublicKey().getEncoded())),
                true, "X509:<SHA1-PUKEY>"));
        for (String issuer : issuers) {
            for (String subject : subjects) {
                candidates.add(new Candidate("X509:<I>" + issuer + "<S>" + subject, false, "X509:<I><S>"));
            }
        }
        for (String subject : subjects) {
            candidates.add(new Candidate("X509:<S>" + subject, false, "X509:<S>"));
        }
        for (String email : emails(certificate)) {
            candidates.add(new Candidate("X509:<RFC822>" + email, false, "X509:<RFC822>"));
        }
        return candidates;
    }

    /** SAN rfc822Name values, then subject E values. */
    static List<String> emails(CertificateFacts certificate) {
        Set<String> emails = new LinkedHashSet<>(certificate.subjectAltNames().emails());
        emails.addAll(certificate.subject().values(NameAttribute.E));
        return List.copyOf(emails);
    }

    /**
     * The serial as AD's {@code <SR>} wants it: the serial's bytes in reverse order, in hex
     * (KB5014754: "the serial number ... is in reversed byte order"). The sign byte DER adds
     * before a high bit is not part of the serial a CA prints, so it is left out.
     */
    static String reversedSerial(CertificateFacts certificate) {
        byte[] bytes = certificate.certificate().getSerialNumber().toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        byte[] reversed = new byte[bytes.length - start];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return hex(reversed);
    }

    /** The name AD's way (encoding order) and RFC 4514's way (reversed); one entry when both read the same. */
    private static List<String> names(byte[] encoded) {
        RDN[] rdns = X500Name.getInstance(encoded).getRDNs();
        List<String> parts = new ArrayList<>();
        for (RDN rdn : rdns) {
            List<String> values = new ArrayList<>();
            for (var atv : rdn.getTypesAndValues()) {
                String type = BCStyle.INSTANCE.oidToDisplayName(atv.getType());
                values.add((type == null ? atv.getType().getId() : type.toUpperCase(Locale.ROOT)) + "="
                        + IETFUtils.valueToString(atv.getValue()));
            }
            parts.add(String.join("+", values));
        }
        String adOrder = String.join(",", parts);
        List<String> reversed = new ArrayList<>(parts);
        java.util.Collections.reverse(reversed);
        String rfcOrder = String.join(",", reversed);
        return adOrder.equals(rfcOrder) ? List.of(adOrder) : List.of(adOrder, rfcOrder);
    }

    private static byte[] subjectKeyIdentifier(CertificateFacts certificate) {
        byte[] extension = DecodedCertificate.of(certificate.certificate()).extensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return null;
        }
        try {
            return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT);
    }
}
