package io.certgate.x509;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** A SHA-256 fingerprint of a certificate's DER encoding: 32 bytes, value-compared. */
public final class Fingerprint {

    private static final int SHA256_BYTES = 32;
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final byte[] bytes;
    private final int hash;
    /** Formatted on first use and kept: identity headers and the access log ask for it on every request. */
    private String hex;

    private Fingerprint(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static Fingerprint sha256(X509Certificate certificate) {
        try {
            return sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    public static Fingerprint sha256(byte[] der) {
        return new Fingerprint(sha256Digest().digest(der));
    }

    /**
     * Parses {@code AB:CD:...}, {@code ab cd ...} or plain hex, as {@code openssl x509 -fingerprint
     * -sha256} and IIS's certificate dialogs print it.
     */
    public static Optional<Fingerprint> parse(String text) {
        // openssl prints "sha256 Fingerprint=AB:CD:..." (or "SHA256 Fingerprint="); take what follows '='.
        String value = text.contains("=") ? text.substring(text.lastIndexOf('=') + 1) : text;
        String hex = value.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
        if (hex.length() != SHA256_BYTES * 2 || !hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            return Optional.empty();
        }
        return Optional.of(new Fingerprint(HexFormat.of().parseHex(hex)));
    }

    /** Lower-case hex without separators, as nginx's {@code $ssl_client_fingerprint} style headers use. */
    public String hex() {
        String formatted = hex;
        if (formatted == null) {
            formatted = HexFormat.of().formatHex(bytes);
            hex = formatted; // a race formats twice; Strings are safe to publish without a lock
        }
        return formatted;
    }

    /** Upper-case hex with colons, as openssl prints it. */
    public String colonHex() {
        return COLON_HEX.formatHex(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return colonHex();
    }
}
