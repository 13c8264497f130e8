package io.certgate.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** Answers whether a certificate, issued by the given issuer, was revoked at a given time. */
public interface RevocationChecker {

    /** A checker for sites without revocation sources: every certificate is good, nothing is consulted. */
    RevocationChecker NONE = new RevocationChecker() {
        @Override
        public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at) {
            return RevocationStatus.good("none", java.util.Optional.empty());
        }

        @Override
        public long generation() {
            return 0;
        }
    };

    /**
     * True when some source of revocation information exists for the certificate (a CRL of its
     * issuer, a distribution point, an OCSP responder), whether or not it answers right now.
     */
    default boolean hasSourceFor(X509Certificate certificate) {
        return true;
    }

    /** The status of {@code certificate}, whose issuer in the validated path is {@code issuer}. */
    RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at);

    /**
     * A number that changes whenever the information behind the answers changes (a CRL
     * reloaded or refreshed), so that verdicts decided before can be decided again.
     */
    long generation();
}
