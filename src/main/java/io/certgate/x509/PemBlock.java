package io.certgate.x509;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One {@code -----BEGIN type----- ... -----END type-----} block of a PEM file.
 *
 * <p>Text outside the blocks (such as the human-readable dump {@code openssl x509 -text}
 * writes before a certificate) is ignored, as OpenSSL ignores it.
 */
public record PemBlock(String type, byte[] der) {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** True when the bytes look like PEM text rather than DER (DER always starts with a SEQUENCE tag 0x30). */
    public static boolean looksLikePem(byte[] bytes) {
        return bytes.length > 0 && bytes[0] != 0x30
                && new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.US_ASCII).contains(BEGIN);
    }

    /**
     * Every block in the text, in order.
     *
     * @throws X509FileException when a block is not closed or its body is not base64
     */
    public static List<PemBlock> parseAll(String text) throws X509FileException {
        List<PemBlock> blocks = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, at);
            if (begin < 0) {
                return blocks;
            }
            int typeEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (typeEnd < 0) {
                throw new X509FileException("unterminated PEM header at offset " + begin);
            }
            String type = text.substring(begin + BEGIN.length(), typeEnd).trim();
            String endMarker = END + type + DASHES;
            int end = text.indexOf(endMarker, typeEnd);
            if (end < 0) {
                throw new X509FileException("PEM block \"" + type + "\" has no \"" + endMarker + "\" line");
            }
            String body = text.substring(typeEnd + DASHES.length(), end);
            if (body.contains(":")) {
                // RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED" mark legacy encrypted keys.
                throw new X509FileException("PEM block \"" + type + "\" is encrypted or has headers;"
                        + " decrypt it first (openssl pkey -in KEY -out PLAIN.key)");
            }
            try {
                blocks.add(new PemBlock(type, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new X509FileException("PEM block \"" + type + "\" is not valid base64: " + e.getMessage());
            }
            at = end + endMarker.length();
        }
    }

    /** This block as PEM text, 64 characters a line as RFC 7468 asks. */
    public String toPem() {
        return toPem(type, der);
    }

    /** PEM text of the given DER bytes. */
    public static String toPem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return BEGIN + type + DASHES + "\n" + body + "\n" + END + type + DASHES + "\n";
    }
}
