package io.certgate.validation.constraints;

import java.security.cert.X509Certificate;

/**
 * A check that failed.
 *
 * @param check       which check
 * @param certificate the certificate concerned: the one whose name is refused, or the trusted root
 * @param detail      one sentence naming the certificate and the field that failed
 */
public record Violation(Check check, X509Certificate certificate, String detail) {
}
