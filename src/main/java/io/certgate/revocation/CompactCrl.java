package io.certgate.revocation;

import io.certgate.x509.SignatureProvider;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * One CRL, held compactly: its issuer, dates and extensions, and its revoked serials in a packed
 * O(1) index ({@link RevokedSerials}). Entries of other issuers (an indirect CRL's
 * certificateIssuer entries) are kept in a small side map.
 *
 * <p>The signature is verified over the raw to-be-signed bytes, once per key. Those bytes are
 * kept only until a key verifies them: a signature verifies with one key only, so after that
 * any other key is answered "no" without them, and a large CRL does not cost its size twice.
 */
final class CompactCrl {

    private final X500Principal issuer;
    private final Instant thisUpdate;
    private final Optional<Instant> nextUpdate;
    private final CrlExtensions extensions;
    private final RevokedSerials serials;
    private final Map<X500Principal, Map<BigInteger, CrlEntry>> otherIssuers;
    private final Optional<String> unsupportedEntryExtension;
    private final AlgorithmIdentifier signatureAlgorithm;
    private final byte[] signature;
    private final Map<PublicKey, Boolean> verified = new ConcurrentHashMap<>();
    private final int signedStart;
    private final int signedLength;
    /** The DER the signature covers a part of; dropped once a key verifies it. Guarded by this. */
    private byte[] signedBytes;

    CompactCrl(X500Principal issuer, long thisUpdate, Long nextUpdate, CrlExtensions extensions,
               RevokedSerials serials, Map<X500Principal, Map<BigInteger, CrlEntry>> otherIssuers,
               Optional<String> unsupportedEntryExtension, AlgorithmIdentifier signatureAlgorithm, byte[] signature,
               byte[] der, int signedStart, int signedLength) {
        this.issuer = issuer;
        this.thisUpdate = Instant.ofEpochSecond(thisUpdate);
        this.nextUpdate = Optional.ofNullable(nextUpdate).map(Instant::ofEpochSecond);
        this.extensions = extensions;
        this.serials = serials;
        this.otherIssuers = Map.copyOf(otherIssuers);
        this.unsupportedEntryExtension = unsupportedEntryExtension;
        this.signatureAlgorithm = signatureAlgorithm;
        this.signature = signature;
        this.signedBytes = der;
        this.signedStart = signedStart;
        this.signedLength = signedLength;
    }

    /** Parses one DER CRL; the exception says what is wrong with it. */
    static CompactCrl parse(byte[] der) throws MalformedCrlException {
        return CrlParser.parse(der);
    }

    X500Principal issuer() {
        return issuer;
    }

    Instant thisUpdate() {
        return thisUpdate;
    }

    Optional<Instant> nextUpdate() {
        return nextUpdate;
    }

    CrlExtensions extensions() {
        return extensions;
    }

    boolean isDelta() {
        return extensions.deltaBase().isPresent();
    }

    /** RFC 5280 §5.2.5: an indirect CRL may list certificates of other issuers. */
    boolean isIndirect() {
        return extensions.issuingDistributionPoint().map(IssuingDistributionPoint::isIndirectCRL).orElse(false);
    }

    Optional<IssuingDistributionPoint> issuingDistributionPoint() {
        return extensions.issuingDistributionPoint();
    }

    /** Why this CRL must not be used at all (an unknown critical extension, a missing or critical cRLNumber), if so. */
    Optional<String> unusable() {
        return extensions.unsupported().or(() -> unsupportedEntryExtension);
    }

    /** Revoked certificates listed. */
    int size() {
        int others = 0;
        for (Map<BigInteger, CrlEntry> entries : otherIssuers.values()) {
            others += entries.size();
        }
        return serials.size() + others;
    }

    /** The entry for a certificate issued by {@code certificateIssuer} with this serial, if listed. */
    Optional<CrlEntry> find(X500Principal certificateIssuer, BigInteger serial) {
        if (issuer.equals(certificateIssuer)) {
            return serials.find(serial);
        }
        if (!isIndirect()) {
            return Optional.empty();
        }
        return Optional.ofNullable(otherIssuers.getOrDefault(certificateIssuer, Map.of()).get(serial));
    }

    /** Whether this CRL's signature verifies with the key; the answer is remembered per key. */
    boolean verifiesWith(PublicKey key) {
        Boolean known = verified.get(key);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = verified.get(key);
            if (known != null) {
                return known;
            }
            boolean ok = signedBytes != null && verify(key);
            verified.put(key, ok);
            if (ok) {
                signedBytes = null; // no other key can verify this signature: the bytes are not needed again
            }
            return ok;
        }
    }

    private boolean verify(PublicKey key) {
        try {
            ContentVerifier verifier = new JcaContentVerifierProviderBuilder().setProvider(SignatureProvider.provider()).build(key).get(signatureAlgorithm);
            try (OutputStream out = verifier.getOutputStream()) {
                out.write(signedBytes, signedStart, signedLength);
            }
            return verifier.verify(signature);
        } catch (Exception e) { // unsupported algorithm, a key of the wrong type, DSA without parameters
            return false;
        }
    }

    /**
     * Verifies the signature now with the first of {@code candidates} that is named as this CRL's
     * issuer and may sign CRLs, so that the signed bytes are let go at load rather than held until
     * the first certificate is checked. A CRL no candidate verifies is left as it was.
     */
    void primeSignature(java.util.List<java.security.cert.X509Certificate> candidates) {
        for (java.security.cert.X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(issuer) && CrlCheck.mayIssueCrls(candidate)
                    && verifiesWith(candidate.getPublicKey())) {
                return;
            }
        }
    }

    /** True until a key verified the signature: the signed bytes are still held. */
    synchronized boolean holdsSignedBytes() {
        return signedBytes != null;
    }

    /** Same issuer, dates, number and signature: the same CRL (a refresh that brought nothing new). */
    boolean sameAs(CompactCrl other) {
        return other != null && issuer.equals(other.issuer) && thisUpdate.equals(other.thisUpdate)
                && java.util.Arrays.equals(signature, other.signature);
    }

    @Override
    public String toString() {
        return "CRL of " + issuer.getName() + " issued " + thisUpdate + (isDelta() ? " (delta)" : "");
    }
}
