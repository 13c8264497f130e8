package io.certgate.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Answers whether a certificate, issued by the given issuer, was revoked at a given time.
 * Implementations may wait for a download inside {@code check}, bounded by their fetch timeout:
 * call them from a validation thread, never from an event loop.
 */
public interface RevocationChecker extends AutoCloseable {

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
     * The status of {@code certificate}, believing CRLs signed by the {@code signers} the path
     * validator vouches for (RFC 5280 §6.3.3 (f)): a CRL signing key other than the issuer's, a
     * rolled-over key, the issuer of an indirect CRL. By default only the issuer signs.
     */
    default RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at, CrlSigners signers) {
        return check(certificate, issuer, at);
    }

    /**
     * A number that changes whenever the information behind the answers changes (a CRL
     * reloaded or refreshed), so that verdicts decided before can be decided again.
     */
    long generation();

    /** The CRLs held now, for metrics; empty for checkers that hold none. */
    default List<CrlSnapshot> crls() {
        return List.of();
    }

    /** Stops background work (file watching, downloads); answers already held stay readable. */
    @Override
    default void close() {
    }
}
