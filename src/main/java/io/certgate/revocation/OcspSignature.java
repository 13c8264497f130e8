package io.certgate.revocation;

import io.certgate.x509.SignatureProvider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Who may sign an OCSP response (RFC 6960 §4.2.2.2): the certificate's issuer itself, or a
 * responder whose certificate the issuer signed with id-kp-OCSPSigning, valid at the time.
 */
final class OcspSignature {

    private OcspSignature() {
    }

    /** Empty when the response is signed by the issuer or a responder it authorised; otherwise what is wrong. */
    static Optional<String> problem(BasicOCSPResp response, X509Certificate issuer, Instant at) {
        try {
            RespID responderId = response.getResponderId();
            if (identifies(responderId, issuer.getSubjectX500Principal().getEncoded(), issuer.getPublicKey())) {
                return verifies(response, issuer.getPublicKey()) ? Optional.empty()
                        : Optional.of("is not signed by the issuer's key");
            }
            PublicKey issuerKey = issuer.getPublicKey();
            for (X509CertificateHolder candidate : response.getCerts()) {
                PublicKey key = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(candidate).getPublicKey();
                if (!identifies(responderId, candidate.getSubject().getEncoded(), key)) {
                    continue;
                }
                if (!candidate.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(SignatureProvider.provider()).build(issuerKey))) {
                    return Optional.of("is signed by a responder certificate the issuer did not sign");
                }
                ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(candidate.getExtensions());
                if (usage == null || !usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
                    return Optional.of("is signed by a certificate not authorised for OCSP (no id-kp-OCSPSigning)");
                }
                if (!candidate.isValidOn(Date.from(at))) {
                    return Optional.of("is signed by a responder certificate that is not valid at " + at);
                }
                return verifies(response, key) ? Optional.empty()
                        : Optional.of("is not signed by the key of its responder certificate");
            }
            return Optional.of("is not signed by the issuer or a responder it authorised");
        } catch (Exception e) { // undecodable certificates, keys or algorithms
            return Optional.of("cannot be verified: " + e.getMessage());
        }
    }

    private static boolean identifies(RespID id, byte[] subject, PublicKey key) throws Exception {
        if (id.equals(new RespID(X500Name.getInstance(subject)))) {
            return true;
        }
        return id.equals(new RespID(SubjectPublicKeyInfo.getInstance(key.getEncoded()),
                new JcaDigestCalculatorProviderBuilder().build().get(
                        org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1)));
    }

    private static boolean verifies(BasicOCSPResp response, PublicKey key) throws Exception {
        return response.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(SignatureProvider.provider()).build(key));
    }
}
