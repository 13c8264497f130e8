package io.certgate.pki;

/** Something a {@code certgate pki} command cannot do, in a sentence that names the file or value concerned. */
public final class PkiException extends Exception {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
