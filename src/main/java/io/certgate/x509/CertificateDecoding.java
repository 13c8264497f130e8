package io.certgate.x509;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.asn1.x509.PolicyMappings;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * Reads a certificate's DER strictly, where the JDK's parser is lenient. The JDK reads one
 * certificate from the front of its input and ignores what follows, and it keeps a non-critical
 * extension it cannot decode as "unparseable" and then behaves as if it were absent: a broken
 * subjectAltName becomes no subjectAltName, which name constraints and mapping rules then never
 * see. Go's crypto/x509 and webpki refuse both, and so does certgate (RFC 5280 §4.1: the
 * certificate is DER; §4.2: an extension's value is the DER encoding of its ASN.1 type).
 *
 * <p>Every extension certgate, the JDK's PKIX or a mapping rule reads is decoded by its type;
 * an extension of another type is left alone (its content is only someone else's business).
 */
public final class CertificateDecoding {

    /** The extensions whose content is read somewhere, by their RFC 5280 names, with the decoding that must succeed. */
    private static final Map<ASN1ObjectIdentifier, Kind> READ_EXTENSIONS = Map.ofEntries(
            kind(Extension.subjectAlternativeName, "subjectAltName", v -> names(GeneralNames.getInstance(v))),
            kind(Extension.issuerAlternativeName, "issuerAltName", v -> names(GeneralNames.getInstance(v))),
            kind(Extension.basicConstraints, "basicConstraints", v -> BasicConstraints.getInstance(v).getPathLenConstraint()),
            kind(Extension.keyUsage, "keyUsage", v -> KeyUsage.getInstance(v).getBytes()),
            kind(Extension.extendedKeyUsage, "extKeyUsage", v -> ExtendedKeyUsage.getInstance(v).getUsages()),
            kind(Extension.subjectKeyIdentifier, "subjectKeyIdentifier", v -> SubjectKeyIdentifier.getInstance(v).getKeyIdentifier()),
            kind(Extension.authorityKeyIdentifier, "authorityKeyIdentifier", v -> {
                AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(v);
                if (aki.getAuthorityCertIssuer() != null) {
                    names(aki.getAuthorityCertIssuer());
                }
            }),
            kind(Extension.cRLDistributionPoints, "cRLDistributionPoints", v -> {
                for (DistributionPoint point : CRLDistPoint.getInstance(v).getDistributionPoints()) {
                    point.getDistributionPoint();
                }
            }),
            kind(Extension.certificatePolicies, "certificatePolicies", v -> CertificatePolicies.getInstance(v).getPolicyInformation()),
            kind(Extension.nameConstraints, "nameConstraints", v -> {
                NameConstraints constraints = NameConstraints.getInstance(v);
                constraints.getPermittedSubtrees();
                constraints.getExcludedSubtrees();
            }),
            kind(Extension.policyConstraints, "policyConstraints", PolicyConstraints::getInstance),
            kind(Extension.policyMappings, "policyMappings", PolicyMappings::getInstance),
            kind(Extension.inhibitAnyPolicy, "inhibitAnyPolicy", v -> ASN1Integer.getInstance(v).getValue()),
            kind(Extension.authorityInfoAccess, "authorityInfoAccess",
                    v -> AuthorityInformationAccess.getInstance(v).getAccessDescriptions()));

    private CertificateDecoding() {
    }

    /**
     * What cannot be read in {@code der}, as a phrase ("3 bytes follow the certificate's DER
     * encoding", "extension subjectAltName (2.5.29.17) cannot be decoded: ..."); empty when
     * it is one well-formed certificate whose read extensions all decode.
     */
    public static Optional<String> problem(byte[] der) {
        return read(der).problem();
    }

    /**
     * What one strict reading of a certificate found: its problem (as {@link #problem}) and
     * whether its structure decoded, with its extensions then (null when it has none).
     */
    record Reading(Optional<String> problem, boolean structureRead, Extensions extensions) {
        static Reading broken(String problem) {
            return new Reading(Optional.of(problem), false, null);
        }
    }

    static Reading read(byte[] der) {
        ASN1Primitive top;
        try {
            // fromByteArray refuses bytes left over after the first object, and a length that runs past the end.
            top = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            return Reading.broken(trailingOrBroken(der, e));
        }
        Certificate certificate;
        try {
            certificate = Certificate.getInstance(top);
            certificate.getSubject();
            certificate.getSubjectPublicKeyInfo();
        } catch (RuntimeException e) {
            return Reading.broken("the DER is not an X.509 certificate: " + message(e));
        }
        Extensions extensions = certificate.getTBSCertificate().getExtensions();
        if (extensions == null) {
            return new Reading(Optional.empty(), true, null);
        }
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            Kind kind = READ_EXTENSIONS.get(oid);
            if (kind == null) {
                continue;
            }
            ASN1OctetString value = extensions.getExtension(oid).getExtnValue();
            try {
                kind.decode.accept(ASN1Primitive.fromByteArray(value.getOctets()));
            } catch (IOException | RuntimeException e) {
                return new Reading(Optional.of("extension " + kind.name + " (" + oid.getId() + ") cannot be decoded: "
                        + message(e)), true, extensions);
            }
        }
        return new Reading(Optional.empty(), true, extensions);
    }

    private static String trailingOrBroken(byte[] der, Exception e) {
        // A complete first object with bytes after it: say how many, which is what a reader checks.
        try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(der)) {
            ASN1Primitive first = in.readObject();
            if (first != null) {
                int length = first.getEncoded().length;
                if (length < der.length) {
                    return (der.length - length) + " bytes follow the certificate's DER encoding (" + length + " bytes)";
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not even one whole object: the first message says why
        }
        return "the DER encoding is broken: " + message(e);
    }

    private static void names(GeneralNames names) {
        for (GeneralName name : names.getNames()) {
            name.getName();
        }
    }

    private static String message(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private record Kind(String name, Consumer<ASN1Primitive> decode) {
    }

    private static Map.Entry<ASN1ObjectIdentifier, Kind> kind(ASN1ObjectIdentifier oid, String name, Consumer<ASN1Primitive> decode) {
        return Map.entry(oid, new Kind(name, decode));
    }
}
