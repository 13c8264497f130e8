package io.certgate.revocation;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A certificate that may have signed a CRL, with the key to verify with and, decided only when
 * asked and then remembered, whether it may be believed: a path to the trust anchor, valid at
 * the time, not revoked.
 */
public final class CrlSigner {

    private final X509Certificate certificate;
    private final PublicKey key;
    private final Supplier<Optional<String>> vetting;
    private Optional<String> problem;

    private CrlSigner(X509Certificate certificate, PublicKey key, Supplier<Optional<String>> vetting) {
        this.certificate = certificate;
        this.key = key;
        this.vetting = vetting;
    }

    /** A certificate already validated (a member of the path, or its trust anchor). */
    public static CrlSigner trusted(X509Certificate certificate, PublicKey key) {
        return new CrlSigner(certificate, key, Optional::empty);
    }

    /**
     * A certificate to be validated only if its key turns out to verify a CRL.
     *
     * @param key the key to verify with: the certificate's own, with DSA parameters inherited from its issuer when absent
     * @param vetting empty when the certificate may be believed, otherwise why not
     */
    public static CrlSigner vettedBy(X509Certificate certificate, PublicKey key, Supplier<Optional<String>> vetting) {
        return new CrlSigner(certificate, key, vetting);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PublicKey key() {
        return key;
    }

    /** Empty when the certificate may sign CRLs for the path being checked; otherwise why not. */
    public synchronized Optional<String> problem() {
        if (problem == null) {
            problem = vetting.get();
        }
        return problem;
    }
}
