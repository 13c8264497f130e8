package io.certgate.x509;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPublicKey;

/**
 * Issuers' elliptic-curve keys in the form Bouncy Castle verifies fastest with, kept between
 * verdicts, and a way to have the JDK's PKIX use them.
 *
 * <p>Why: ECDSA verification computes u1·G + u2·Q (SEC 1 v2 §4.1.4), and Bouncy Castle
 * precomputes small multiples of both points and keeps them on the point object. A key that
 * comes from the JDK (every certificate's {@code getPublicKey()}) is converted into a new
 * Bouncy Castle point on every {@code initVerify}, so every verification redoes that work.
 * Measured side by side (thread CPU per P-256 verification, OpenJDK 17, Bouncy Castle 1.82):
 * about 170 µs with the JDK's key object, about 70 µs with one Bouncy Castle key object reused.
 * A client never seen before is one such verification on the way to its verdict.
 *
 * <p>How PKIX gets to use them: {@link #verifyAhead} checks each link of a path with the
 * converted key of its issuer, through {@link X509Certificate#verify(PublicKey, String)}. The
 * JDK's certificate object remembers the key and provider it was last verified with and the
 * outcome, and a converted key {@code equals} the JDK's (same curve, same point), so PKIX's own
 * check of the same link with the same provider is answered from what the certificate
 * remembers. The verdict stays PKIX's: on a JDK that does not remember, PKIX verifies again,
 * slower and with the same answer.
 *
 * <p>Bounded: at most {@link #CAPACITY} issuers' keys are kept (about 2 KiB each with their
 * precomputed points), least recently used forgotten first, so a client sending a fresh
 * intermediate on every connection costs a conversion each time and nothing that grows.
 */
public final class IssuerKeys {

    /** Issuer keys kept; a deployment trusts a handful of CAs, a public one a few hundred. */
    static final int CAPACITY = 1024;

    /** An encoded SubjectPublicKeyInfo, compared by content. */
    private record Encoding(byte[] der) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Encoding that && Arrays.equals(der, that.der);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(der);
        }
    }

    private static final Map<Encoding, PublicKey> CONVERTED = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Encoding, PublicKey> eldest) {
                    return size() > CAPACITY;
                }
            });

    private IssuerKeys() {
    }

    /**
     * Verifies the signatures of {@code path} (subject first, as a {@code CertPath} lists them)
     * from the one {@code anchor} issued down to the subject's, each with its issuer's key in the
     * fast form, and stops at the first that does not verify: from there PKIX stops too, and
     * says why. Nothing is decided here; failures are left for PKIX to find and report.
     */
    public static void verifyAhead(List<X509Certificate> path, X509Certificate anchor) {
        PublicKey issuerKey = anchor.getPublicKey();
        for (int i = path.size() - 1; i >= 0; i--) {
            X509Certificate certificate = path.get(i);
            if (!verifyAhead(certificate, issuerKey)) {
                return;
            }
            issuerKey = certificate.getPublicKey();
        }
    }

    /** False when the signature did not verify (or could not be checked here). */
    private static boolean verifyAhead(X509Certificate certificate, PublicKey issuerKey) {
        Optional<PublicKey> fast = fastForm(issuerKey);
        if (fast.isEmpty()) {
            return true; // nothing to gain: PKIX verifies it as it would have
        }
        try {
            certificate.verify(fast.get(), SignatureProvider.name());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The Bouncy Castle form of an elliptic-curve key, the same object for the same key while it
     * is remembered; empty for other keys (RSA and EdDSA verification keeps nothing per key).
     */
    static Optional<PublicKey> fastForm(PublicKey key) {
        if (key instanceof BCECPublicKey) {
            return Optional.of(key);
        }
        if (!(key instanceof ECPublicKey)) {
            return Optional.empty();
        }
        byte[] der = key.getEncoded();
        if (der == null) {
            return Optional.empty();
        }
        Encoding encoding = new Encoding(der);
        PublicKey converted = CONVERTED.get(encoding);
        if (converted == null) {
            try {
                converted = KeyFactory.getInstance("EC", SignatureProvider.provider())
                        .generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                return Optional.empty(); // a curve Bouncy Castle does not take: PKIX decides with the JDK's key
            }
            CONVERTED.put(encoding, converted);
        }
        return Optional.of(converted);
    }

    /** How many keys are remembered now. */
    static int remembered() {
        return CONVERTED.size();
    }
}
