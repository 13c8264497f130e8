package io.certgate.revocation;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * The certificates that may have signed a CRL, as the path validator knows them. RFC 5280
 * §6.3.3 (f): the CRL issuer's certificate must itself have a valid path to the same trust
 * anchor as the certificate being checked. That is path validation, which lives above this
 * package; the validator hands its answer down through this interface.
 */
@FunctionalInterface
public interface CrlSigners {

    /** Certificates with this subject that could have signed a CRL, most likely first. */
    List<CrlSigner> named(X500Principal subject);

    /** Only the issuer of the certificate being checked, a member of the path already validated. */
    static CrlSigners issuerOnly(X509Certificate issuer) {
        List<CrlSigner> only = List.of(CrlSigner.trusted(issuer, issuer.getPublicKey()));
        return subject -> subject.equals(issuer.getSubjectX500Principal()) ? only : List.of();
    }
}
