package io.certgate.validation.profile;

import io.certgate.x509.DistinguishedName;
import io.certgate.x509.SignatureProvider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Applies every {@link ProfileCheck} to the certificates of a path. Rules combine as all-of: the
 * first rule broken, by the certificate nearest the client, is the finding. Each certificate is
 * read once from its encoding ({@link TbsFields}), so the checks cost no signature and next to no
 * allocation.
 */
public final class ProfileChecks {

    /** RFC 5280 §4.1.2.2: "Conforming CAs MUST NOT use serialNumber values longer than 20 octets." */
    static final int MAX_SERIAL_OCTETS = 20;
    /** keyUsage bit 5 (RFC 5280 §4.2.1.3). */
    private static final int KEY_CERT_SIGN = 5;
    /** The content octets of the OIDs id-ce-subjectKeyIdentifier, -authorityKeyIdentifier, -extKeyUsage (2.5.29.14, .35, .37). */
    private static final byte[] SUBJECT_KEY_IDENTIFIER = {0x55, 0x1d, 0x0e};
    private static final byte[] AUTHORITY_KEY_IDENTIFIER = {0x55, 0x1d, 0x23};
    private static final byte[] EXTENDED_KEY_USAGE = {0x55, 0x1d, 0x25};
    /** An empty SEQUENCE: an extendedKeyUsage that lists no purpose. */
    private static final byte[] EMPTY_SEQUENCE = {0x30, 0x00};

    private ProfileChecks() {
    }

    /** The first rule a certificate of {@code path} breaks, client first; empty when all conform. */
    public static Optional<ProfileFinding> firstViolation(List<X509Certificate> path) {
        for (int i = 0; i < path.size(); i++) {
            Optional<ProfileFinding> finding = check(path.get(i), i == 0);
            if (finding.isPresent()) {
                return finding;
            }
        }
        return Optional.empty();
    }

    /**
     * The first rule {@code certificate} breaks; empty when it conforms.
     *
     * @param leaf whether it is the client's own certificate: a CA certificate above it that is not
     *             marked as a CA is the PKIX validator's finding (not-a-ca), not a profile one
     */
    public static Optional<ProfileFinding> check(X509Certificate certificate, boolean leaf) {
        Optional<TbsFields> read;
        try {
            read = TbsFields.read(certificate.getTBSCertificate());
        } catch (CertificateEncodingException unreadable) {
            read = Optional.empty();
        }
        if (read.isEmpty()) {
            // Decoding is the parser's job, and the JDK decoded this certificate: a TBSCertificate
            // this reader cannot follow is not a profile finding.
            return Optional.empty();
        }
        return check(certificate, read.get(), leaf);
    }

    /**
     * The rules on {@code certificate} as {@code tbs} encodes it. The JDK's decoder already refuses
     * some of what these rules find (a repeated extension, an empty issuer), so a decoded
     * certificate shows them only if another decoder made it; the rules guard that case.
     */
    static Optional<ProfileFinding> check(X509Certificate certificate, TbsFields tbs, boolean leaf) {
        boolean ca = certificate.getBasicConstraints() >= 0;

        Optional<TbsFields.Extension> repeated = tbs.firstRepeated();
        if (repeated.isPresent()) {
            return found(ProfileCheck.DUPLICATE_EXTENSION, certificate, who(certificate, ca) + " has the extension "
                    + tbs.dotted(repeated.get()) + " more than once");
        }
        Optional<String> serialProblem = serialProblem(tbs);
        if (serialProblem.isPresent()) {
            return found(ProfileCheck.INVALID_SERIAL_NUMBER, certificate, who(certificate, ca) + " has a serial number that is "
                    + serialProblem.get() + "; it must be a positive integer of at most " + MAX_SERIAL_OCTETS + " octets");
        }
        if (tbs.issuerEnd == tbs.issuerStart) {
            return found(ProfileCheck.EMPTY_ISSUER, certificate, who(certificate, ca) + " has an empty issuer name");
        }
        if (ca && tbs.subjectEnd == tbs.subjectStart) {
            return found(ProfileCheck.CA_WITH_EMPTY_SUBJECT, certificate, who(certificate, ca) + " is a CA with an empty subject name");
        }
        List<TbsFields.Extension> subjectKeyIds = tbs.named(SUBJECT_KEY_IDENTIFIER);
        List<TbsFields.Extension> authorityKeyIds = tbs.named(AUTHORITY_KEY_IDENTIFIER);
        if (authorityKeyIds.stream().anyMatch(TbsFields.Extension::critical)) {
            return found(ProfileCheck.CRITICAL_KEY_IDENTIFIER, certificate, who(certificate, ca)
                    + " marks its authorityKeyIdentifier extension critical; it must be non-critical");
        }
        if (subjectKeyIds.stream().anyMatch(TbsFields.Extension::critical)) {
            return found(ProfileCheck.CRITICAL_KEY_IDENTIFIER, certificate, who(certificate, ca)
                    + " marks its subjectKeyIdentifier extension critical; it must be non-critical");
        }
        if (ca && subjectKeyIds.isEmpty()) {
            return found(ProfileCheck.CA_WITHOUT_SUBJECT_KEY_IDENTIFIER, certificate, who(certificate, ca)
                    + " has no subjectKeyIdentifier extension, which every CA certificate must have");
        }
        if (authorityKeyIds.isEmpty() && !selfSigned(certificate, tbs)) {
            return found(ProfileCheck.MISSING_AUTHORITY_KEY_IDENTIFIER, certificate, who(certificate, ca)
                    + " has no authorityKeyIdentifier extension, which every certificate but a self-signed one must have");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (leaf && !ca && keyUsage != null && keyUsage.length > KEY_CERT_SIGN && keyUsage[KEY_CERT_SIGN]) {
            return found(ProfileCheck.KEY_CERT_SIGN_WITHOUT_CA, certificate, who(certificate, ca)
                    + " has keyCertSign in its keyUsage but basicConstraints does not make it a CA (cA false or absent)");
        }
        for (TbsFields.Extension eku : tbs.named(EXTENDED_KEY_USAGE)) {
            if (Arrays.equals(tbs.der, eku.valueStart(), eku.valueEnd(), EMPTY_SEQUENCE, 0, EMPTY_SEQUENCE.length)) {
                return found(ProfileCheck.EMPTY_EXTENDED_KEY_USAGE, certificate, who(certificate, ca)
                        + " has an extendedKeyUsage extension that lists no purpose");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> serialProblem(TbsFields tbs) {
        int start = tbs.serialStart;
        int length = tbs.serialEnd - start;
        if (length == 0) {
            return Optional.of("empty");
        }
        if ((tbs.der[start] & 0x80) != 0) {
            return Optional.of("negative");
        }
        int significant = length;
        int first = start;
        while (significant > 1 && tbs.der[first] == 0) {
            first++;
            significant--;
        }
        if (significant == 1 && tbs.der[first] == 0) {
            return Optional.of("zero");
        }
        // A leading zero octet that only keeps the value positive is sign, not value (as webpki counts).
        if (significant > MAX_SERIAL_OCTETS) {
            return Optional.of(significant + " octets long");
        }
        return Optional.empty();
    }

    /** Issuer and subject the same name, and the certificate verifies with its own key. */
    private static boolean selfSigned(X509Certificate certificate, TbsFields tbs) {
        if (!Arrays.equals(tbs.der, tbs.issuerStart, tbs.issuerEnd, tbs.der, tbs.subjectStart, tbs.subjectEnd)) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey(), SignatureProvider.provider());
            return true;
        } catch (java.security.GeneralSecurityException | RuntimeException notSelfSigned) {
            return false;
        }
    }

    private static String who(X509Certificate certificate, boolean ca) {
        String kind = ca ? "CA certificate " : "certificate ";
        String subject = DistinguishedName.of(certificate.getSubjectX500Principal()).shortLabel();
        if (subject.isEmpty()) {
            return kind + "with serial number " + certificate.getSerialNumber().toString(16) + " issued by "
                    + DistinguishedName.of(certificate.getIssuerX500Principal()).shortLabel();
        }
        return kind + subject;
    }

    private static Optional<ProfileFinding> found(ProfileCheck check, X509Certificate certificate, String sentence) {
        return Optional.of(new ProfileFinding(check, certificate, sentence + " (" + check.source() + ")"));
    }
}
