package io.certgate.http.certheaders;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * RFC 9440's two header fields. Each certificate is an RFC 8941 Byte Sequence: its DER in base64
 * (RFC 4648 §4, padded, no line breaks) between colons (RFC 9440 §2.1, RFC 8941 §4.1.8).
 */
public final class Rfc9440 {

    /** The header names, as RFC 9440 §5 registers them. */
    public static final String CLIENT_CERT = "Client-Cert";
    public static final String CLIENT_CERT_CHAIN = "Client-Cert-Chain";

    private Rfc9440() {
    }

    /** An RFC 8941 §4.1.8 Byte Sequence. */
    public static String byteSequence(byte[] bytes) {
        return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
    }

    /** {@code Client-Cert} (RFC 9440 §2.2): the client's own certificate. */
    public static String clientCert(byte[] leafDer) {
        return byteSequence(leafDer);
    }

    /**
     * {@code Client-Cert-Chain} (RFC 9440 §2.3): the certificates the client sent after its own, in
     * the order it sent them (TLS order, RFC 8446 §4.4.2), as an RFC 8941 List (items joined by
     * {@code ", "}, §4.1.1). The chain "does not itself include the end-entity certificate that is
     * already present in Client-Cert", so a client that sent only its own has none: an empty List
     * is not serialized at all (RFC 8941 §4.1).
     *
     * @param presented the chain as the client sent it, its own certificate first
     */
    public static Optional<String> clientCertChain(List<byte[]> presented) {
        if (presented.size() < 2) {
            return Optional.empty();
        }
        StringBuilder list = new StringBuilder();
        for (int i = 1; i < presented.size(); i++) {
            if (i > 1) {
                list.append(", ");
            }
            list.append(byteSequence(presented.get(i)));
        }
        return Optional.of(list.toString());
    }
}
