package io.certgate.validation;

import io.certgate.x509.CertificateDecoding;
import io.certgate.x509.DecodedCertificate;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;

/**
 * What is checked on the certificates a client sent before any path is built: their total size,
 * that each decodes strictly ({@link CertificateDecoding}), and that no key is larger than
 * certgate verifies with. Cheap checks first, so that an oversized chain costs no decoding and
 * an oversized key costs no signature check.
 */
final class ChainIntake {

    /**
     * RSA moduli above this are refused before any signature is checked. Verifying costs grow
     * with the square of the modulus: one RSA-16384 signature check costs as much as about 64
     * RSA-2048 ones, and a client can send a chain of such keys on every new connection. Go's
     * crypto/tls refuses peer RSA keys over 8192 bits for the same reason (CVE-2023-29409); no
     * public CA issues them (CA/Browser Forum Baseline Requirements §6.1.5 ask for 2048 or more,
     * and 4096 is as large as CAs go in practice).
     */
    static final int MAX_RSA_KEY_BITS = 8192;

    /** A refusal: the reason, the 0-based position of the certificate concerned (-1 for the chain) and a sentence. */
    record Refusal(Reason reason, int position, String detail) {
        /** True when the client's own certificate cannot be read, so there is nothing to describe it by. */
        boolean clientUnreadable() {
            return reason == Reason.MALFORMED && position == 0;
        }
    }

    private ChainIntake() {
    }

    /** The first problem with what the client sent, or empty. */
    static Optional<Refusal> check(List<X509Certificate> presented, int maxChainBytes) {
        DecodedCertificate[] decoded = new DecodedCertificate[presented.size()];
        long total = 0;
        for (int i = 0; i < presented.size(); i++) {
            decoded[i] = DecodedCertificate.of(presented.get(i));
            if (decoded[i].encodedLength() < 0) {
                return Optional.of(new Refusal(Reason.MALFORMED, i, position(i, presented.size()) + " cannot be read: "
                        + decoded[i].problem().orElse("it has no encoding")));
            }
            total += decoded[i].encodedLength();
        }
        if (total > maxChainBytes) {
            return Optional.of(new Refusal(Reason.CHAIN_TOO_LARGE, -1, "the client sent " + presented.size()
                    + (presented.size() == 1 ? " certificate" : " certificates") + " of " + total
                    + " bytes in all, more than maxChainBytes " + maxChainBytes));
        }
        for (int i = 0; i < presented.size(); i++) {
            Optional<String> problem = decoded[i].problem();
            if (problem.isPresent()) {
                return Optional.of(new Refusal(Reason.MALFORMED, i, position(i, presented.size()) + " cannot be read: "
                        + problem.get()));
            }
        }
        for (int i = 0; i < presented.size(); i++) {
            PublicKey key = presented.get(i).getPublicKey();
            if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() > MAX_RSA_KEY_BITS) {
                return Optional.of(new Refusal(Reason.KEY_TOO_LARGE, i, position(i, presented.size()) + " has an RSA key of "
                        + rsa.getModulus().bitLength() + " bits; certgate verifies with RSA keys of at most "
                        + MAX_RSA_KEY_BITS + " bits"));
            }
        }
        return Optional.empty();
    }

    /** "the client's certificate (1 of 3)", "certificate 2 of the 3 the client sent". */
    static String position(int index, int count) {
        if (index == 0) {
            return count == 1 ? "the client's certificate" : "the client's certificate (1 of the " + count + " it sent)";
        }
        return "certificate " + (index + 1) + " of the " + count + " the client sent";
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
