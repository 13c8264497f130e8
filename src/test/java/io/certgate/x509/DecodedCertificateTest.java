package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.OddCertificates;
import io.certgate.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecodedCertificateTest {

    private static final TestPki PKI = TestPki.create(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void everyExtensionValueIsWhatTheJdkGives() {
        X509Certificate alice = PKI.client("alice").email("alice@example.com").upn("alice@corp.example.com").build().certificate();
        Set<String> oids = new HashSet<>(alice.getCriticalExtensionOIDs());
        oids.addAll(alice.getNonCriticalExtensionOIDs());

        DecodedCertificate decoded = DecodedCertificate.of(alice);

        assertThat(oids).hasSizeGreaterThan(3);
        for (String oid : oids) {
            assertThat(decoded.extensionValue(oid)).as(oid).isEqualTo(alice.getExtensionValue(oid));
        }
        assertThat(decoded.problem()).isEmpty();
        assertThat(decoded.encodedLength()).isEqualTo(OddCertificates.der(alice).length);
    }

    @Test
    void anAbsentExtensionIsNull() {
        X509Certificate alice = PKI.client("alice").build().certificate();

        assertThat(alice.getExtensionValue("2.5.29.30")).isNull();
        assertThat(DecodedCertificate.of(alice).extensionValue("2.5.29.30")).isNull();
    }

    @Test
    void aCertificateIsReadOncePerObject() throws Exception {
        X509Certificate alice = PKI.client("alice").build().certificate();

        assertThat(DecodedCertificate.of(alice)).isSameAs(DecodedCertificate.of(alice));
        // Another object with the same encoding is another reading, equal in what it says.
        X509Certificate copy = (X509Certificate) CertificateFactory.getInstance("X.509", new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .generateCertificate(new ByteArrayInputStream(alice.getEncoded()));
        assertThat(DecodedCertificate.of(copy)).isNotSameAs(DecodedCertificate.of(alice));
        assertThat(DecodedCertificate.of(copy).extensionValue("2.5.29.35")).isEqualTo(alice.getExtensionValue("2.5.29.35"));
    }

    @Test
    void anExtensionThatDoesNotDecodeIsTheProblemAndItsBytesAreStillThere() {
        Credential broken = OddCertificates.brokenSubjectAltName(PKI, "mallory", false);
        X509Certificate certificate = broken.certificate();

        DecodedCertificate decoded = DecodedCertificate.of(certificate);

        assertThat(decoded.problem()).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("extension subjectAltName (2.5.29.17) cannot be decoded"));
        assertThat(decoded.extensionValue("2.5.29.17")).isEqualTo(certificate.getExtensionValue("2.5.29.17"));
    }
}
