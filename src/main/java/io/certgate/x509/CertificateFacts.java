package io.certgate.x509;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * What the rest of certgate reads from a client certificate, extracted once per distinct
 * certificate and shared: mapping rules, identity headers, logs and error details use it.
 *
 * @param serialHex the serial number in upper-case hex, as {@code openssl x509 -serial} prints it
 */
public record CertificateFacts(
        X509Certificate certificate,
        DistinguishedName subject,
        DistinguishedName issuer,
        SubjectAltNames subjectAltNames,
        String serialHex,
        Fingerprint fingerprint,
        Instant notBefore,
        Instant notAfter) {

    public static CertificateFacts of(X509Certificate certificate) {
        return new CertificateFacts(
                certificate,
                DistinguishedName.of(certificate.getSubjectX500Principal()),
                DistinguishedName.of(certificate.getIssuerX500Principal()),
                SubjectAltNames.of(certificate),
                certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT),
                Fingerprint.sha256(certificate),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
    }
}
