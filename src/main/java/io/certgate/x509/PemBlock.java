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

    /** How far into a file a PEM header is looked for; text before the first block is rarely long. */
    private static final int PEM_HEADER_WINDOW = 64 * 1024;

    /**
     * True when the bytes hold a PEM header near their start. (The first byte alone cannot tell:
     * DER starts with 0x30, which is also the digit 0 a text preamble may start with.)
     */
    public static boolean looksLikePem(byte[] bytes) {
        return bytes.length > 0
                && new String(bytes, 0, Math.min(bytes.length, PEM_HEADER_WINDOW), StandardCharsets.US_ASCII).contains(BEGIN);
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
                // Strict base64 once line breaks are gone: a corrupt body is named here, not as a DER error later.
                blocks.add(new PemBlock(type, Base64.getDecoder().decode(body.replaceAll("\\s", ""))));
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
