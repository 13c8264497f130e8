package io.certgate.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Why a TLS handshake failed, as a small closed set that a metric can carry as a label. Both TLS
 * providers only say it in exception messages (BoringSSL's error names, the JDK's sentences), so
 * {@link #of} reads those; whatever it does not recognise is {@link #OTHER}.
 */
public enum HandshakeFailure {
    /** The client sent something that is not TLS, such as plain HTTP to the HTTPS port. */
    NOT_TLS,
    /** The client did not finish within the handshake timeout. */
    TIMEOUT,
    /** The client closed or reset the connection in the middle of the handshake. */
    CLOSED,
    /** No protocol version, cipher suite or key exchange group in common with the client. */
    PROTOCOL,
    /**
     * The TLS library itself refused the client's certificates, before certgate could judge them:
     * a Certificate message over certgate's ceiling (256 KB), more certificates than the JDK's TLS
     * takes, or (the JDK's TLS) a certificate it cannot decode.
     */
    CERTIFICATE,
    /** The client gave up with a TLS alert, typically because it does not trust the server's certificate. */
    ALERT,
    /** Anything else. */
    OTHER;

    /** The label value: the constant's name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Classifies the cause of a failed handshake (or of a failed ClientHello read). */
    public static HandshakeFailure of(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            HandshakeFailure failure = classify(t);
            if (failure != OTHER) {
                return failure;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return OTHER;
    }

    private static HandshakeFailure classify(Throwable t) {
        if (t instanceof SslHandshakeTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof NotSslRecordException) {
            return NOT_TLS;
        }
        if (t instanceof ClosedChannelException) {
            return CLOSED;
        }
        String message = t.getMessage() == null ? "" : t.getMessage().toUpperCase(Locale.ROOT);
        // BoringSSL: EXCESSIVE_MESSAGE_SIZE (past max_cert_list), CANNOT_PARSE_LEAF_CERT; JDK: "The size of
        // the handshake message (N) exceeds the maximum allowed size (M)", "The certificate chain length
        // (N) exceeds the maximum allowed length (M)", "Failed to parse client certificates".
        if (message.contains("EXCESSIVE_MESSAGE_SIZE") || message.contains("CANNOT_PARSE_LEAF_CERT")
                || message.contains("EXCEEDS THE MAXIMUM ALLOWED") || message.contains("PARSE CLIENT CERTIFICATE")) {
            return CERTIFICATE;
        }
        // BoringSSL: "...:SSLV3_ALERT_CERTIFICATE_UNKNOWN", "...:TLSV1_ALERT_UNKNOWN_CA";
        // JDK: "Received fatal alert: certificate_unknown".
        // A TLS 1.3 client that rejects the server's certificate before its second flight sends that
        // alert in plaintext, where BoringSSL expects an encrypted record: BAD_PACKET_LENGTH.
        if (message.contains("_ALERT_") || message.contains("RECEIVED FATAL ALERT") || message.contains("BAD_PACKET_LENGTH")) {
            return ALERT;
        }
        // BoringSSL: NO_SHARED_CIPHER, UNSUPPORTED_PROTOCOL, WRONG_VERSION_NUMBER, NO_SHARED_GROUP, and
        // WRONG_CURVE for a TLS 1.2 client offering only suites without ECDHE;
        // JDK: "no cipher suites in common", "Client requested protocol TLSv1.1 is not enabled or
        // supported", "The client supported protocol versions [...] are not accepted".
        if (message.contains("NO_SHARED_CIPHER") || message.contains("NO_CIPHERS_AVAILABLE")
                || message.contains("UNSUPPORTED_PROTOCOL") || message.contains("WRONG_VERSION_NUMBER")
                || message.contains("NO_SHARED_GROUP") || message.contains("WRONG_CURVE")
                || message.contains("NO CIPHER SUITES IN COMMON")
                || message.contains("NOT ENABLED OR SUPPORTED") || message.contains("PROTOCOL VERSIONS")) {
            return PROTOCOL;
        }
        // BoringSSL: HTTP_REQUEST, HTTPS_PROXY_REQUEST; JDK: "Unsupported or unrecognized SSL message".
        if (message.contains("HTTP_REQUEST") || message.contains("UNRECOGNIZED SSL MESSAGE")) {
            return NOT_TLS;
        }
        // Netty, when the connection closes mid-handshake: "Connection closed while SSL/TLS handshake
        // was in progress"; the kernel: "Connection reset by peer", "Broken pipe".
        if (message.contains("CONNECTION CLOSED") || t instanceof IOException && !(t instanceof javax.net.ssl.SSLException)) {
            return CLOSED;
        }
        return OTHER;
    }
}
