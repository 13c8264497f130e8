package io.certgate.revocation;

/** The bytes are not a CRL certgate can read; the message says where and why. */
final class MalformedCrlException extends Exception {

    MalformedCrlException(String message) {
        super(message);
    }

    MalformedCrlException(String message, Throwable cause) {
        super(message, cause);
    }
}
