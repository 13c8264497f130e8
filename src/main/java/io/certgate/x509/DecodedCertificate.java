package io.certgate.x509;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * One certificate read once: its DER, whether it decodes strictly ({@link CertificateDecoding}),
 * and the value of each of its extensions. A verdict asks about the same certificate many times
 * (path building for its key identifiers, the profile and name-constraint checks, revocation for
 * its distribution points, mapping for its names); asking the JDK each time re-encodes it, and an
 * absent extension costs the JDK two exceptions per question.
 *
 * <p>Remembered per certificate object, bounded and weakly: the JDK's certificate factory hands
 * out one object per distinct encoding it has seen recently, so the intermediate every client
 * presents, and the configured CAs, are read once per process, not once per verdict. A decoded
 * {@code X509Certificate} is immutable, so what was read from it stays true.
 */
public final class DecodedCertificate {

    /**
     * Certificate objects remembered. Bounded so that a stream of never-seen certificates costs
     * memory in proportion to this, not to the traffic: at about 2 KB each, at most ~8 MB.
     */
    static final int REMEMBERED = 4096;

    private static final Cache<X509Certificate, DecodedCertificate> SEEN = Caffeine.newBuilder()
            .weakKeys() // identity, and gone with the certificate
            .maximumSize(REMEMBERED)
            // Eviction work on the caller's thread: handing it to the common pool costs every
            // miss a thread wake-up, more than the work itself.
            .executor(Runnable::run)
            .build();

    private final X509Certificate certificate;
    private final byte[] der;
    private final Optional<String> problem;
    /** OID → the DER OCTET STRING {@link X509Certificate#getExtensionValue} returns; null when not read by us. */
    private final Map<String, byte[]> extensionValues;

    private DecodedCertificate(X509Certificate certificate, byte[] der, Optional<String> problem,
            Map<String, byte[]> extensionValues) {
        this.certificate = certificate;
        this.der = der;
        this.problem = problem;
        this.extensionValues = extensionValues;
    }

    /** The reading of {@code certificate}, made on first use and then remembered. */
    public static DecodedCertificate of(X509Certificate certificate) {
        return SEEN.get(certificate, DecodedCertificate::read);
    }

    private static DecodedCertificate read(X509Certificate certificate) {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException | RuntimeException e) {
            return new DecodedCertificate(certificate, null, Optional.of(message(e)), null);
        }
        CertificateDecoding.Reading reading = CertificateDecoding.read(der);
        Optional<String> problem = reading.problem().or(() -> jdkProblem(certificate));
        return new DecodedCertificate(certificate, der, problem,
                !reading.structureRead() ? null : reading.extensions() == null ? Map.of() : values(reading.extensions()));
    }

    /**
     * What the JDK's own decoding says, for a certificate that arrived as bytes and is decoded on
     * first use (BoringSSL's chain, through Netty): any accessor then fails with the reason.
     */
    private static Optional<String> jdkProblem(X509Certificate certificate) {
        try {
            certificate.getTBSCertificate();
            certificate.getPublicKey();
            certificate.getSubjectX500Principal();
            return Optional.empty();
        } catch (java.security.cert.CertificateException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of("the JDK cannot decode it: " + message(cause));
        }
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static Map<String, byte[]> values(Extensions extensions) {
        Map<String, byte[]> values = new HashMap<>();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            try {
                values.put(oid.getId(), extensions.getExtension(oid).getExtnValue().getEncoded());
            } catch (IOException e) {
                return null; // cannot happen for a value just decoded; the JDK is asked instead
            }
        }
        return Map.copyOf(values);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Its DER encoding's length in bytes; -1 when the certificate cannot be encoded. */
    public int encodedLength() {
        return der == null ? -1 : der.length;
    }

    /**
     * What cannot be read in it: what {@link CertificateDecoding#problem} says, else what the
     * JDK's decoding says; empty when it decodes strictly and the JDK reads it too.
     */
    public Optional<String> problem() {
        return problem;
    }

    /**
     * The extension's value as {@link X509Certificate#getExtensionValue} gives it (the DER of an
     * OCTET STRING that wraps the extension's own DER), or null when the certificate has none.
     * The array is shared: callers only read it.
     */
    public byte[] extensionValue(String oid) {
        if (extensionValues == null) {
            return certificate.getExtensionValue(oid); // not read strictly: the JDK's view, as before
        }
        return extensionValues.get(oid);
    }
}
