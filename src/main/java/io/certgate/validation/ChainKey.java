package io.certgate.validation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/** The identity of a presented chain: SHA-256 over every certificate's DER, in order. */
final class ChainKey {
    private final byte[] digest;
    private final int hash;

    private ChainKey(byte[] digest) {
        this.digest = digest;
        this.hash = Arrays.hashCode(digest);
    }

    static ChainKey of(List<X509Certificate> chain) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) {
                byte[] der = certificate.getEncoded();
                // Length-prefix each certificate so that two chains never hash the same bytes.
                sha256.update((byte) (der.length >>> 24));
                sha256.update((byte) (der.length >>> 16));
                sha256.update((byte) (der.length >>> 8));
                sha256.update((byte) der.length);
                sha256.update(der);
            }
            return new ChainKey(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainKey that && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
