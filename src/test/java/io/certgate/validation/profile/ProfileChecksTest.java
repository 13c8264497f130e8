package io.certgate.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/** Each profile rule on a certificate minted to break it, and the conforming certificates the test PKI mints. */
class ProfileChecksTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final TestPki pki = TestPki.create(NOW);

    @Test
    void certificatesOfTheTestPkiConform() {
        Credential alice = pki.client("alice").build();

        assertThat(ProfileChecks.firstViolation(alice.chain())).isEmpty();
    }

    @Test
    void caCertificateWithoutSubjectKeyIdentifierIsAViolation() {
        Credential ca = Credential.builder().subject("CN=No SKI CA").certificateAuthority(0).withoutSubjectKeyIdentifier()
                .issuedBy(pki.root()).now(NOW).build();

        assertFinding(ca.certificate(), false, ProfileCheck.CA_WITHOUT_SUBJECT_KEY_IDENTIFIER,
                "CA certificate CN=No SKI CA has no subjectKeyIdentifier extension, which every CA certificate must have"
                        + " (RFC 5280 §4.2.1.2)");
    }

    @Test
    void clientCertificateWithoutSubjectKeyIdentifierConforms() {
        // RFC 5280 §4.2.1.2 only SHOULDs it for end entities.
        Credential alice = pki.client("alice").withoutSubjectKeyIdentifier().build();

        assertThat(ProfileChecks.check(alice.certificate(), true)).isEmpty();
    }

    @Test
    void certificateWithoutAuthorityKeyIdentifierIsAViolation() {
        Credential alice = pki.client("alice").withoutAuthorityKeyIdentifier().build();

        assertFinding(alice.certificate(), true, ProfileCheck.MISSING_AUTHORITY_KEY_IDENTIFIER,
                "certificate CN=alice has no authorityKeyIdentifier extension, which every certificate but a"
                        + " self-signed one must have (RFC 5280 §4.2.1.1)");
    }

    @Test
    void selfSignedCertificateMayOmitTheAuthorityKeyIdentifier() {
        Credential root = Credential.builder().subject("CN=Bare Root").certificateAuthority(-1).withoutAuthorityKeyIdentifier()
                .now(NOW).build();

        assertThat(ProfileChecks.check(root.certificate(), false)).isEmpty();
    }

    @Test
    void selfIssuedButNotSelfSignedCertificateNeedsTheAuthorityKeyIdentifier() {
        // A key rollover certificate: same name as its issuer, another key (RFC 5280 §6.1 "self-issued").
        Credential oldKey = Credential.builder().subject("CN=Rollover CA").certificateAuthority(-1).now(NOW).build();
        Credential newKey = Credential.builder().subject("CN=Rollover CA").certificateAuthority(-1)
                .withoutAuthorityKeyIdentifier().issuedBy(oldKey).now(NOW).build();

        assertThat(ProfileChecks.check(newKey.certificate(), false)).hasValueSatisfying(finding ->
                assertThat(finding.check()).isEqualTo(ProfileCheck.MISSING_AUTHORITY_KEY_IDENTIFIER));
    }

    @Test
    void criticalKeyIdentifiersAreAViolation() {
        Credential alice = pki.client("alice").criticalKeyIdentifiers().build();

        assertFinding(alice.certificate(), true, ProfileCheck.CRITICAL_KEY_IDENTIFIER,
                "certificate CN=alice marks its authorityKeyIdentifier extension critical; it must be non-critical"
                        + " (RFC 5280 §4.2.1.1, §4.2.1.2)");
    }

    @Test
    void criticalSubjectKeyIdentifierIsAViolation() {
        Credential alice = pki.client("alice").criticalKeyIdentifiers().withoutAuthorityKeyIdentifier().build();

        assertFinding(alice.certificate(), true, ProfileCheck.CRITICAL_KEY_IDENTIFIER,
                "certificate CN=alice marks its subjectKeyIdentifier extension critical; it must be non-critical"
                        + " (RFC 5280 §4.2.1.1, §4.2.1.2)");
    }

    @Test
    void leafWithKeyCertSignButNotACaIsAViolation() {
        Credential alice = pki.client("alice").keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign).build();

        assertFinding(alice.certificate(), true, ProfileCheck.KEY_CERT_SIGN_WITHOUT_CA,
                "certificate CN=alice has keyCertSign in its keyUsage but basicConstraints does not make it a CA"
                        + " (cA false or absent) (RFC 5280 §4.2.1.3, §4.2.1.9)");
    }

    @Test
    void zeroSerialNumberIsAViolation() {
        Credential alice = pki.client("alice").serial(BigInteger.ZERO).build();

        assertFinding(alice.certificate(), true, ProfileCheck.INVALID_SERIAL_NUMBER,
                "certificate CN=alice has a serial number that is zero; it must be a positive integer of at most 20 octets"
                        + " (RFC 5280 §4.1.2.2)");
    }

    @Test
    void negativeSerialNumberIsAViolation() {
        Credential alice = pki.client("alice").serial(BigInteger.valueOf(-5)).build();

        assertFinding(alice.certificate(), true, ProfileCheck.INVALID_SERIAL_NUMBER,
                "certificate CN=alice has a serial number that is negative; it must be a positive integer of at most"
                        + " 20 octets (RFC 5280 §4.1.2.2)");
    }

    @Test
    void serialNumberOverTwentyOctetsIsAViolation() {
        Credential alice = pki.client("alice").serial(BigInteger.ONE.shiftLeft(160)).build(); // 21 octets

        assertFinding(alice.certificate(), true, ProfileCheck.INVALID_SERIAL_NUMBER,
                "certificate CN=alice has a serial number that is 21 octets long; it must be a positive integer of at"
                        + " most 20 octets (RFC 5280 §4.1.2.2)");
    }

    @Test
    void twentyOctetSerialNumberWithItsSignOctetConforms() {
        // 2^160 - 1 needs 20 value octets, and a leading zero octet to stay positive.
        Credential alice = pki.client("alice").serial(BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE)).build();

        assertThat(ProfileChecks.check(alice.certificate(), true)).isEmpty();
    }

    @Test
    void emptyExtendedKeyUsageIsAViolation() {
        Credential alice = pki.client("alice").emptyExtendedKeyUsage().build();

        assertFinding(alice.certificate(), true, ProfileCheck.EMPTY_EXTENDED_KEY_USAGE,
                "certificate CN=alice has an extendedKeyUsage extension that lists no purpose (RFC 5280 §4.2.1.12)");
    }

    @Test
    void caWithAnEmptySubjectIsAViolation() {
        // The JDK decodes an empty subject only with a critical subjectAltName (RFC 5280 §4.1.2.6).
        Credential nameless = Credential.builder().subject("").dns("ca.example.com").certificateAuthority(0)
                .issuedBy(pki.root()).now(NOW).build();

        assertFinding(nameless.certificate(), false, ProfileCheck.CA_WITH_EMPTY_SUBJECT, "CA certificate with serial number "
                + nameless.serial().toString(16) + " issued by CN=Test Root CA is a CA with an empty subject name"
                + " (RFC 5280 §4.1.2.6)");
    }

    @Test
    void emptyIssuerIsAViolationInTheEncoding() throws Exception {
        X509Certificate alice = pki.client("alice").build().certificate();
        byte[] tbs = withEmptyIssuer(alice.getTBSCertificate());

        Optional<ProfileFinding> finding = ProfileChecks.check(alice, TbsFields.read(tbs).orElseThrow(), true);

        assertThat(finding).hasValueSatisfying(f -> {
            assertThat(f.check()).isEqualTo(ProfileCheck.EMPTY_ISSUER);
            assertThat(f.detail()).isEqualTo("certificate CN=alice has an empty issuer name (RFC 5280 §4.1.2.4)");
        });
        assertThatThrownBy(() -> decode(alice, tbs)).isInstanceOf(CertificateException.class);
    }

    @Test
    void emptySubjectOfAnEndEntityConforms() {
        // RFC 5280 §4.1.2.6: an end entity may name itself in subjectAltName only.
        Credential alice = Credential.builder().subject("").email("alice@example.com").clientAuth()
                .issuedBy(pki.intermediate()).now(NOW).build();

        assertThat(ProfileChecks.check(alice.certificate(), true)).isEmpty();
    }

    @Test
    void theFirstViolationNearestTheClientIsTheFinding() {
        Credential ca = Credential.builder().subject("CN=No SKI CA").certificateAuthority(0).withoutSubjectKeyIdentifier()
                .issuedBy(pki.root()).now(NOW).build();
        Credential alice = Credential.builder().subject("CN=alice").clientAuth().serial(BigInteger.ZERO).issuedBy(ca)
                .now(NOW).build();

        Optional<ProfileFinding> finding = ProfileChecks.firstViolation(List.of(alice.certificate(), ca.certificate()));

        assertThat(finding).hasValueSatisfying(f -> {
            assertThat(f.check()).isEqualTo(ProfileCheck.INVALID_SERIAL_NUMBER);
            assertThat(f.certificate()).isEqualTo(alice.certificate());
        });
        assertThat(ProfileChecks.firstViolation(List.of(ca.certificate()))).hasValueSatisfying(f ->
                assertThat(f.check()).isEqualTo(ProfileCheck.CA_WITHOUT_SUBJECT_KEY_IDENTIFIER));
    }

    @Test
    void duplicateExtensionIsAViolationInTheEncoding() throws Exception {
        X509Certificate alice = pki.client("alice").build().certificate();
        byte[] tbs = withFirstExtensionTwice(alice.getTBSCertificate());

        Optional<ProfileFinding> finding = ProfileChecks.check(alice, TbsFields.read(tbs).orElseThrow(), true);

        assertThat(finding).hasValueSatisfying(f -> {
            assertThat(f.check()).isEqualTo(ProfileCheck.DUPLICATE_EXTENSION);
            assertThat(f.detail()).isEqualTo("certificate CN=alice has the extension 2.5.29.14 more than once (RFC 5280 §4.2)");
        });
        assertThat(TbsFields.read(alice.getTBSCertificate()).orElseThrow().firstRepeated()).isEmpty();
        // The JDK refuses to decode it, so a decoded X509Certificate cannot carry one today.
        assertThatThrownBy(() -> decode(alice, tbs)).isInstanceOf(CertificateException.class);
    }

    /** {@code certificate} with another TBSCertificate (and its now wrong signature), decoded by the JDK. */
    private static X509Certificate decode(X509Certificate certificate, byte[] tbs) throws Exception {
        ASN1Sequence outer = ASN1Sequence.getInstance(certificate.getEncoded());
        byte[] forged = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                ASN1Sequence.getInstance(tbs), outer.getObjectAt(1), outer.getObjectAt(2)}).getEncoded();
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(forged));
    }

    /** The TBSCertificate with an empty issuer name (fields: [0] version, serial, signature, issuer, ...). */
    private static byte[] withEmptyIssuer(byte[] tbsCertificate) throws Exception {
        ASN1Sequence tbs = ASN1Sequence.getInstance(tbsCertificate);
        ASN1EncodableVector fields = new ASN1EncodableVector();
        for (int i = 0; i < tbs.size(); i++) {
            fields.add(i == 3 ? new DERSequence() : tbs.getObjectAt(i));
        }
        return new DERSequence(fields).getEncoded();
    }

    private static void assertFinding(X509Certificate certificate, boolean leaf, ProfileCheck check, String detail) {
        assertThat(ProfileChecks.check(certificate, leaf)).hasValueSatisfying(finding -> {
            assertThat(finding.check()).isEqualTo(check);
            assertThat(finding.certificate()).isEqualTo(certificate);
            assertThat(finding.detail()).isEqualTo(detail);
        });
    }

    /** The TBSCertificate with its first extension (the subjectKeyIdentifier the test PKI writes first) repeated last. */
    private static byte[] withFirstExtensionTwice(byte[] tbsCertificate) throws Exception {
        ASN1Sequence tbs = ASN1Sequence.getInstance(tbsCertificate);
        ASN1EncodableVector fields = new ASN1EncodableVector();
        for (int i = 0; i < tbs.size(); i++) {
            if (tbs.getObjectAt(i) instanceof org.bouncycastle.asn1.ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
                ASN1Sequence extensions = ASN1Sequence.getInstance(tagged.getExplicitBaseObject());
                ASN1EncodableVector repeated = new ASN1EncodableVector();
                for (int j = 0; j < extensions.size(); j++) {
                    repeated.add(extensions.getObjectAt(j));
                }
                repeated.add(extensions.getObjectAt(0));
                fields.add(new DERTaggedObject(true, 3, new DERSequence(repeated)));
            } else {
                fields.add(tbs.getObjectAt(i));
            }
        }
        return new DERSequence(fields).getEncoded();
    }
}
