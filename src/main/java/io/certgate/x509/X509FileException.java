package io.certgate.x509;

import java.io.IOException;

/** A certificate, key or CRL file that cannot be read or understood; the message says why. */
// Not final: UndecodableException, its subclass, says the file was read but its content not understood.
public class X509FileException extends IOException {
    public X509FileException(String message) {
        super(message);
    }

    public X509FileException(String message, Throwable cause) {
        super(message, cause);
    }
}
