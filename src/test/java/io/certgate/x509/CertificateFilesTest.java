package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.PemFiles;
import io.certgate.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate files: PEM with several certificates, DER, directories, and the messages for bad files. */
class CertificateFilesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW);
    private static final X509Certificate ROOT = PKI.root().certificate();
    private static final X509Certificate INTERMEDIATE = PKI.intermediate().certificate();
    private static final X509Certificate ALICE = PKI.client("alice").build().certificate();

    @TempDir
    Path dir;

    @Test
    void readsEveryCertificateOfAPemFileInFileOrder() throws Exception {
        Path file = PemFiles.writeCertificates(dir.resolve("chain.pem"), List.of(ALICE, INTERMEDIATE, ROOT));

        assertThat(CertificateFiles.readCertificates(file)).containsExactly(ALICE, INTERMEDIATE, ROOT);
    }

    @Test
    void readsCertificatesAmongOtherPemBlocksAndText() throws Exception {
        Path file = Files.writeString(dir.resolve("bundle.pem"), "Bundle of the test PKI\n"
                + PemFiles.certificatePem(ALICE)
                + PemFiles.privateKeyPem(PKI.intermediate().privateKey())
                + "issuer=CN=Test Root CA\n"
                + PemFiles.certificatePem(INTERMEDIATE), StandardCharsets.US_ASCII);

        assertThat(CertificateFiles.readCertificates(file)).containsExactly(ALICE, INTERMEDIATE);
    }

    @Test
    void readsADerFile() throws Exception {
        Path file = Files.write(dir.resolve("alice.der"), ALICE.getEncoded());

        assertThat(CertificateFiles.readCertificates(file)).containsExactly(ALICE);
    }

    @Test
    void readsTheCertificateFilesOfADirectoryInNameOrder() throws Exception {
        Files.write(dir.resolve("c-alice.DER"), ALICE.getEncoded());
        PemFiles.writeCertificates(dir.resolve("a-root.pem"), List.of(ROOT));
        PemFiles.writeCertificates(dir.resolve("b-intermediate.crt"), List.of(INTERMEDIATE));
        Files.writeString(dir.resolve("README.txt"), "not a certificate");
        PKI.intermediate().writeKey(dir.resolve("intermediate.key"));
        Files.createDirectories(dir.resolve("sub.pem"));

        assertThat(CertificateFiles.readCertificatesFromFileOrDirectory(dir)).containsExactly(ROOT, INTERMEDIATE, ALICE);
    }

    @Test
    void fileOrDirectoryAlsoReadsASingleFile() throws Exception {
        Path file = PemFiles.writeCertificates(dir.resolve("root.pem"), List.of(ROOT));

        assertThat(CertificateFiles.readCertificatesFromFileOrDirectory(file)).containsExactly(ROOT);
    }

    @Test
    void directoryWithoutCertificateFilesIsRefused() throws Exception {
        Files.writeString(dir.resolve("README.txt"), "nothing here");

        assertThatThrownBy(() -> CertificateFiles.readCertificatesFromFileOrDirectory(dir))
                .isInstanceOf(X509FileException.class)
                .hasMessage(dir + ": directory holds no certificate files (.pem .crt .cer .der)");
    }

    @Test
    void missingFileSaysSoAndNamesIt() {
        Path file = dir.resolve("missing.pem");

        assertThatThrownBy(() -> CertificateFiles.readCertificates(file)).isInstanceOf(X509FileException.class)
                .hasMessage(file + ": cannot read: no such file");
    }

    @Test
    void bytesThatAreNotACertificateAreRefusedNamingTheFile() throws Exception {
        Path file = Files.write(dir.resolve("garbage.der"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

        assertThatThrownBy(() -> CertificateFiles.readCertificates(file)).isInstanceOf(X509FileException.class)
                .hasMessageStartingWith(file + ": not a valid X.509 certificate");
    }

    @Test
    void pemBlockWithCorruptCertificateIsRefusedNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("corrupt.pem"),
                PemBlock.toPem("CERTIFICATE", new byte[] {0x30, 0x00}));

        assertThatThrownBy(() -> CertificateFiles.readCertificates(file))
                .hasMessageStartingWith(file + ": not a valid X.509 certificate");
    }

    @Test
    void pemFileWithoutCertificatesSaysNoCertificateFound() throws Exception {
        Path file = PKI.intermediate().writeKey(dir.resolve("only-a-key.pem"));

        assertThatThrownBy(() -> CertificateFiles.readCertificates(file)).isInstanceOf(X509FileException.class)
                .hasMessage(file + ": no certificate found (expected PEM \"CERTIFICATE\" blocks or DER)");
    }

    @Test
    void unterminatedPemBlockIsRefusedNamingTheFile() throws Exception {
        // The class promises that every failure names the file; a truncated chain file is a common one.
        String pem = PemFiles.certificatePem(ALICE);
        Path file = Files.writeString(dir.resolve("cut.pem"), pem.substring(0, pem.indexOf("-----END")));

        assertThatThrownBy(() -> CertificateFiles.readCertificates(file)).isInstanceOf(X509FileException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("has no \"-----END CERTIFICATE-----\" line");
    }
}
