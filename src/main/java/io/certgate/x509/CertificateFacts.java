package io.certgate.x509;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;

/**
 * What the rest of certgate reads from a client certificate, extracted once per distinct
 * certificate and shared: mapping rules, identity headers, logs and error details use it.
 *
 * @param serialHex the serial number in upper-case hex, as {@code openssl x509 -serial} prints it
 * @param policies the policy OIDs of the certificatePolicies extension (RFC 5280 §4.2.1.4) in
 *                 dotted form, as the certificate asserts them; empty without the extension
 * @param extendedKeyUsages the key purpose OIDs of the extendedKeyUsage extension (RFC 5280
 *                          §4.2.1.12) in dotted form; empty without the extension
 */
public record CertificateFacts(
        X509Certificate certificate,
        DistinguishedName subject,
        DistinguishedName issuer,
        SubjectAltNames subjectAltNames,
        String serialHex,
        Fingerprint fingerprint,
        Instant notBefore,
        Instant notAfter,
        List<String> policies,
        List<String> extendedKeyUsages) {

    public CertificateFacts {
        policies = List.copyOf(policies);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }

    public static CertificateFacts of(X509Certificate certificate) {
        return new CertificateFacts(
                certificate,
                DistinguishedName.of(certificate.getSubjectX500Principal()),
                DistinguishedName.of(certificate.getIssuerX500Principal()),
                SubjectAltNames.of(certificate),
                certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT),
                Fingerprint.sha256(certificate),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                policiesOf(certificate),
                extendedKeyUsagesOf(certificate));
    }

    /**
     * A malformed extension yields none: path validation has judged the certificate already
     * (the JDK's PKIX refuses a certificatePolicies it cannot parse); this is for mapping and display.
     */
    private static List<String> policiesOf(X509Certificate certificate) {
        byte[] extension = DecodedCertificate.of(certificate).extensionValue(Extension.certificatePolicies.getId());
        if (extension == null) {
            return List.of();
        }
        try {
            List<String> oids = new ArrayList<>();
            byte[] inner = ASN1OctetString.getInstance(extension).getOctets();
            for (PolicyInformation policy : CertificatePolicies.getInstance(inner).getPolicyInformation()) {
                oids.add(policy.getPolicyIdentifier().getId());
            }
            return oids;
        } catch (RuntimeException malformed) {
            return List.of();
        }
    }

    private static List<String> extendedKeyUsagesOf(X509Certificate certificate) {
        try {
            List<String> purposes = certificate.getExtendedKeyUsage();
            return purposes == null ? List.of() : purposes;
        } catch (CertificateParsingException malformed) {
            return List.of();
        }
    }
}
