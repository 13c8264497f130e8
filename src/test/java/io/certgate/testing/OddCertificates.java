package io.certgate.testing;

import io.certgate.pki.Credential;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/**
 * Certificates a client should not send, minted in a line each for the tests of what certgate
 * does with them: broken extension encodings, too many names, keys too large to verify with.
 */
public final class OddCertificates {

    /** RFC 5280 §4.2.1.6 subjectAltName. */
    public static final String SUBJECT_ALT_NAME = "2.5.29.17";
    /** An OCTET STRING where GeneralNames (a SEQUENCE) belongs: a subjectAltName no decoder can read. */
    private static final byte[] NOT_GENERAL_NAMES = {0x04, 0x03, 0x01, 0x02, (byte) 0xff};

    private OddCertificates() {
    }

    /** A client certificate whose subjectAltName is an OCTET STRING rather than GeneralNames, signed properly. */
    public static Credential brokenSubjectAltName(TestPki pki, String cn, boolean critical) {
        return pki.client(cn).rawExtension(SUBJECT_ALT_NAME, critical, NOT_GENERAL_NAMES).build();
    }

    /** A CA under the PKI's intermediate whose subjectAltName is broken, and a client certificate it issued. */
    public static Credential clientOfCaWithBrokenSubjectAltName(TestPki pki, String cn) {
        Credential ca = Credential.builder().subject("CN=Broken Names CA,O=certgate tests").certificateAuthority(0)
                .rawExtension(SUBJECT_ALT_NAME, false, NOT_GENERAL_NAMES).issuedBy(pki.root()).now(pki.now()).build();
        return Credential.builder().subject("CN=" + cn + ",O=certgate tests").clientAuth().issuedBy(ca).now(pki.now()).build();
    }

    /** A client certificate with {@code count} dNSName entries (10,000 make about 190 KB). */
    public static Credential manyDnsNames(TestPki pki, String cn, int count) {
        Credential.Builder builder = pki.client(cn);
        for (int i = 0; i < count; i++) {
            builder.dns("h" + i + ".example.com");
        }
        return builder.build();
    }

    /**
     * A client certificate whose issuer CA, as the client sends it, has an RSA key of {@code bits}
     * bits. The big key is a random odd modulus (generating a real 16384-bit key takes minutes), so
     * nothing it "signed" verifies: the client certificate is signed by a twin CA of the same name
     * with a normal key. The second certificate of {@link Credential#chainWithoutRoot()} is the big one.
     */
    public static Credential clientOfCaWithRsaKeyOf(TestPki pki, String cn, int bits) {
        String caName = "CN=Big Key CA " + bits + ",O=certgate tests";
        Credential twin = Credential.builder().subject(caName).certificateAuthority(0).issuedBy(pki.root()).now(pki.now()).build();
        Credential big = Credential.builder().subject(caName).certificateAuthority(0)
                .keyPair(new KeyPair(rsaPublicKey(bits), null)).issuedBy(pki.root()).now(pki.now()).build();
        Credential client = Credential.builder().subject("CN=" + cn + ",O=certgate tests").clientAuth().issuedBy(twin)
                .now(pki.now()).build();
        java.util.List<X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(big.certificate());
        chain.addAll(big.issuerChain());
        return new Credential(client.certificate(), client.keyPair(), chain);
    }

    /** An RSA public key with a random odd modulus of exactly {@code bits} bits and exponent 65537. */
    public static PublicKey rsaPublicKey(int bits) {
        BigInteger modulus = new BigInteger(bits, new SecureRandom()).setBit(bits - 1).setBit(0);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate's DER with {@code extra} bytes of garbage after it. */
    public static byte[] withTrailingBytes(X509Certificate certificate, int extra) {
        byte[] der = der(certificate);
        byte[] longer = Arrays.copyOf(der, der.length + extra);
        Arrays.fill(longer, der.length, longer.length, (byte) 0x5a);
        return longer;
    }

    /** The certificate's DER cut short by {@code missing} bytes. */
    public static byte[] truncated(X509Certificate certificate, int missing) {
        byte[] der = der(certificate);
        return Arrays.copyOf(der, der.length - missing);
    }

    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
