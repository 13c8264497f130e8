package io.certgate.x509;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * Whether a private key belongs to a certificate's public key: the check a certificate and key
 * file pair gets at load, for a site's server certificate and for certgate's own client
 * certificate to backends alike, so that a mismatch is a config error and not a failed handshake.
 */
public final class KeyMatch {

    private KeyMatch() {
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    public static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(key.getAlgorithm().startsWith("Ed") && publicKey.getAlgorithm().startsWith("Ed"))) {
            return algorithm == null; // unknown algorithms are left to the TLS stack to refuse
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
