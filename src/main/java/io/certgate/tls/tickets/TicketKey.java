package io.certgate.tls.tickets;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One session ticket key as BoringSSL (through netty-tcnative) uses it: a 16-byte name that a
 * ticket carries in clear so the server finds the key again (RFC 5077 §4 key_name), a 16-byte
 * HMAC-SHA256 key and a 16-byte AES-128-CBC key.
 *
 * <p>nginx's 80-byte files hold a 32-byte HMAC secret and a 32-byte AES-256 key. netty-tcnative
 * seals tickets with AES-128 and a 16-byte HMAC key only ({@code SessionTicketKey.TICKET_KEY_SIZE}
 * is 48), so the first 16 bytes of each are used: the strength is AES-128's, and the file stays
 * one that nginx and HAProxy read too. (Tickets themselves are not interchangeable between
 * certgate and nginx whatever the keys: each library seals its own session format.)
 */
public final class TicketKey {

    /** RFC 5077 §4: key_name is 16 bytes. */
    public static final int NAME_BYTES = OpenSslSessionTicketKey.NAME_SIZE;
    /** What netty-tcnative's HMAC-SHA256 and AES-128-CBC take. */
    static final int SECRET_BYTES = 16;

    private final byte[] name;
    private final byte[] hmacKey;
    private final byte[] aesKey;

    TicketKey(byte[] name, byte[] hmacKey, byte[] aesKey) {
        if (name.length != NAME_BYTES || hmacKey.length != SECRET_BYTES || aesKey.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a ticket key is a 16-byte name, a 16-byte HMAC key and a 16-byte AES key,"
                    + " got " + name.length + ", " + hmacKey.length + ", " + aesKey.length);
        }
        this.name = name.clone();
        this.hmacKey = hmacKey.clone();
        this.aesKey = aesKey.clone();
    }

    /** The key name in hex, safe to log (it travels in clear in every ticket). */
    public String nameHex() {
        return HexFormat.of().formatHex(name);
    }

    byte[] name() {
        return name.clone();
    }

    byte[] hmacKey() {
        return hmacKey.clone();
    }

    byte[] aesKey() {
        return aesKey.clone();
    }

    OpenSslSessionTicketKey forNetty() {
        return new OpenSslSessionTicketKey(name, hmacKey, aesKey);
    }

    /** Same name and secrets; compared in constant time, as secrets should be. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TicketKey key && MessageDigest.isEqual(name, key.name)
                && MessageDigest.isEqual(hmacKey, key.hmacKey) && MessageDigest.isEqual(aesKey, key.aesKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name);
    }

    /** The name only: the secrets never reach a log. */
    @Override
    public String toString() {
        return "TicketKey(" + nameHex() + ")";
    }
}
