package io.certgate.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Answers whether a certificate, issued by the given issuer, was revoked at a given time.
 * Implementations may wait for a download inside {@code check}, bounded by their fetch timeout:
 * call them from the command line or a test, never from an event loop. The gateway asks a view
 * {@link #withoutWaiting without waiting} instead, which never blocks.
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

    /**
     * A view of this checker that never waits: a download it needs is started (or joined, when
     * in flight) and recorded in {@code pending}, and the answer is unknown for now. Once the
     * downloads are done, asking again answers from what they brought. The default, for checkers
     * that download nothing, is the checker itself.
     */
    default RevocationChecker withoutWaiting(PendingDownloads pending) {
        return this;
    }

    /**
     * True when this view recorded a download it did not wait for: its answers so far are
     * provisional and are to be asked again (see {@link PendingDownloads#settle}).
     */
    default boolean awaitsDownloads() {
        return false;
    }

    /** The longest one download takes (connectTimeout + readTimeout); zero for checkers that download nothing. */
    default java.time.Duration downloadLimit() {
        return java.time.Duration.ZERO;
    }

    /** The CRLs held now, for metrics; empty for checkers that hold none. */
    default List<CrlSnapshot> crls() {
        return List.of();
    }

    /** Stops background work (file watching, downloads); answers already held stay readable. */
    @Override
    default void close() {
    }
}
