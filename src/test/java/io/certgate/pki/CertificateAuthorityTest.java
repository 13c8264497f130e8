package io.certgate.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.x509.CertificateFiles;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA kept in a directory: what init writes, issuing, revoking and CRLs, across reopenings. */
class CertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path home;

    private Path ca() {
        return home.resolve("pki");
    }

    @Test
    void initWritesRootIntermediateStateAndAnEmptyCrlWithPrivateKeysAndDirectory() throws Exception {
        List<CertificateAuthority.Written> written = CertificateAuthority.init(ca(), "CN=Try Root",
                Optional.of("CN=Try Issuing"), KeyType.EC_P256, NOW);

        assertThat(written).extracting(w -> w.file().getFileName().toString())
                .containsExactly("root.pem", "root.key", "intermediate.pem", "intermediate.key", "ca.json", "crl.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca().resolve("root.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca().resolve("intermediate.key")))).isEqualTo("rw-------");
        X509Certificate intermediate = CertificateFiles.readCertificates(ca().resolve("intermediate.pem")).get(0);
        intermediate.verify(CertificateFiles.readCertificates(ca().resolve("root.pem")).get(0).getPublicKey());
        assertThat(intermediate.getBasicConstraints()).isZero();
        X509CRL crl = crl(ca().resolve("crl.pem"));
        assertThat(crl.getRevokedCertificates()).isNull();
        crl.verify(intermediate.getPublicKey());
    }

    @Test
    void aDirectoryWithACaIsNotOverwritten() throws Exception {
        CertificateAuthority.init(ca(), "CN=Root", Optional.empty(), KeyType.EC_P256, NOW);
        assertThatThrownBy(() -> CertificateAuthority.init(ca(), "CN=Other", Optional.empty(), KeyType.EC_P256, NOW))
                .isInstanceOf(PkiException.class).hasMessageContaining("already holds a CA");
        assertThatThrownBy(() -> CertificateAuthority.open(home.resolve("nothing-here")))
                .isInstanceOf(PkiException.class).hasMessageContaining("certgate pki init");
    }

    @Test
    void issuedCertificatesAreSignedByTheIssuingCaAndRevocationsReachTheNextCrl() throws Exception {
        CertificateAuthority.init(ca(), "CN=Root", Optional.of("CN=Issuing"), KeyType.RSA_2048, NOW);
        Credential alice = CertificateAuthority.open(ca()).issue(Credential.builder().subject("CN=alice").clientAuth()
                .now(NOW), "alice");
        Credential bob = CertificateAuthority.open(ca()).issue(Credential.builder().subject("CN=bob").clientAuth()
                .keyType(KeyType.RSA_2048).now(NOW), "bob");
        assertThat(alice.chainWithoutRoot()).hasSize(2);
        assertThat(bob.keyPair().getPublic().getAlgorithm()).isEqualTo("RSA");

        CertificateAuthority reopened = CertificateAuthority.open(ca());
        assertThat(reopened.revoke(bob.serial(), CrlReason.KEY_COMPROMISE, NOW)).isTrue();
        assertThat(CertificateAuthority.open(ca()).revoke(bob.serial(), CrlReason.SUPERSEDED, NOW))
                .as("a second revocation changes nothing").isFalse();
        assertThatThrownBy(() -> reopened.revoke(BigInteger.TEN, CrlReason.UNSPECIFIED, NOW))
                .isInstanceOf(PkiException.class).hasMessageContaining("serial 0a was not issued by this CA");

        CertificateAuthority.open(ca()).writeCrl(home.resolve("out.der"), true, NOW, Duration.ofDays(2));
        X509CRL crl = crl(home.resolve("out.der"));
        assertThat(crl.getRevokedCertificate(bob.serial())).isNotNull();
        assertThat(crl.getRevokedCertificate(bob.serial()).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(alice.serial())).isNull();
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(2)));
        assertThat(crl.getThisUpdate().toInstant()).isBefore(NOW);
        assertThat(org.bouncycastle.asn1.ASN1Integer.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(
                crl.getExtensionValue("2.5.29.20")).getOctets()).getValue().intValue())
                .as("init wrote CRL 1, revoke does not, so this is 2").isEqualTo(2);
    }

    @Test
    void aCertificateFileIsRevokedOnlyWhenThisCaSignedIt() throws Exception {
        CertificateAuthority.init(ca(), "CN=Root", Optional.empty(), KeyType.EC_P256, NOW);
        CertificateAuthority authority = CertificateAuthority.open(ca());
        Credential carol = authority.issue(Credential.builder().subject("CN=carol").clientAuth().now(NOW), "carol");
        Path carolPem = carol.writeChain(home.resolve("carol.pem"));
        assertThat(authority.serialOf(carolPem)).isEqualTo(carol.serial());

        Credential stranger = Credential.builder().subject("CN=stranger").now(NOW).build();
        Path strangerPem = stranger.writeCertificate(home.resolve("stranger.pem"));
        assertThatThrownBy(() -> authority.serialOf(strangerPem)).isInstanceOf(PkiException.class)
                .hasMessageContaining("not signed by this CA");
    }

    @Test
    void reasonsParseByTheirRfcNames() {
        assertThat(CrlReason.parse("keyCompromise")).contains(CrlReason.KEY_COMPROMISE);
        assertThat(CrlReason.parse("key-compromise")).contains(CrlReason.KEY_COMPROMISE);
        assertThat(CrlReason.parse("CACOMPROMISE")).contains(CrlReason.CA_COMPROMISE);
        assertThat(CrlReason.parse("sloppiness")).isEmpty();
    }

    private static X509CRL crl(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }
}
