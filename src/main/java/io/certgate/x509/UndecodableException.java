package io.certgate.x509;

/**
 * A certificate or CRL file that was read but whose content cannot be decoded: broken PEM, DER
 * that is not a certificate, no certificate at all. A file that cannot be read (missing, not
 * permitted, too large) is a plain {@link X509FileException} instead, so that a command can tell
 * a usage error from a verdict on the content.
 */
public final class UndecodableException extends X509FileException {
    public UndecodableException(String message) {
        super(message);
    }

    public UndecodableException(String message, Throwable cause) {
        super(message, cause);
    }
}
