package io.certgate.validation.profile;

import java.security.cert.X509Certificate;

/**
 * A profile rule a certificate breaks.
 *
 * @param check the rule
 * @param certificate the certificate that breaks it
 * @param detail a sentence for a person, naming the certificate, the field and the rule's source
 */
public record ProfileFinding(ProfileCheck check, X509Certificate certificate, String detail) {
}
