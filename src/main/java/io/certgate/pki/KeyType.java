package io.certgate.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key algorithms the toolkit mints, with the signature algorithm each signs with. */
public enum KeyType {
    /** ECDSA on P-256 with SHA-256: small and fast, the default. */
    EC_P256("SHA256withECDSA"),
    /** RSA 2048 with SHA-256, for clients that need RSA. */
    RSA_2048("SHA256withRSA");

    private final String signatureAlgorithm;

    KeyType(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    KeyPair generate() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
        }
    }

    /** The signature algorithm for a key of any supported type. */
    static String signatureAlgorithmFor(java.security.PrivateKey key) {
        return key.getAlgorithm().equals("RSA") ? RSA_2048.signatureAlgorithm : EC_P256.signatureAlgorithm;
    }
}
