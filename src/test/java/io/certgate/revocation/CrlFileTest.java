package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.CrlReason;
import io.certgate.pki.PemFiles;
import io.certgate.testing.TestPki;
import io.certgate.x509.X509FileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CRL files, PEM or DER, and the messages for files that are not CRLs. */
class CrlFileTest {

    private static final TestPki PKI = TestPki.create(Instant.parse("2026-03-01T12:00:00Z"));
    private static final X509CRL INTERMEDIATE_CRL = PKI.intermediateCrl()
            .revoke(PKI.client("bob").build(), CrlReason.KEY_COMPROMISE).build();
    private static final X509CRL ROOT_CRL = PKI.rootCrl().build();

    @TempDir
    Path dir;

    @Test
    void readsAPemCrl() throws Exception {
        Path file = PemFiles.writeCrl(dir.resolve("intermediate.crl"), INTERMEDIATE_CRL, false);

        CrlFile read = CrlFile.read(file);

        assertThat(read.path()).isEqualTo(file);
        assertThat(read.crls()).extracting(CrlFileTest::describe).containsExactly(describe(INTERMEDIATE_CRL));
    }

    @Test
    void readsADerCrl() throws Exception {
        Path file = PemFiles.writeCrl(dir.resolve("intermediate.der"), INTERMEDIATE_CRL, true);
        assertThat(Files.readAllBytes(file)).isEqualTo(INTERMEDIATE_CRL.getEncoded());

        assertThat(CrlFile.read(file).crls()).extracting(CrlFileTest::describe).containsExactly(describe(INTERMEDIATE_CRL));
    }

    @Test
    void readsEveryCrlOfAPemFileInOrder() throws Exception {
        Path file = Files.writeString(dir.resolve("all.crl"),
                PemFiles.crlPem(INTERMEDIATE_CRL) + "\n# and the root's\n" + PemFiles.crlPem(ROOT_CRL),
                StandardCharsets.US_ASCII);

        assertThat(CrlFile.read(file).crls()).extracting(CrlFileTest::describe)
                .containsExactly(describe(INTERMEDIATE_CRL), describe(ROOT_CRL));
    }

    @Test
    void garbageIsRefusedNamingTheFile() throws Exception {
        Path file = Files.write(dir.resolve("garbage.crl"), new byte[] {0x01, 0x02, 0x03, 0x04});

        assertThatThrownBy(() -> CrlFile.read(file)).isInstanceOf(X509FileException.class)
                .hasMessageStartingWith(file + ": not a valid X.509 CRL");
    }

    @Test
    void certificateIsNotACrl() throws Exception {
        Path file = Files.write(dir.resolve("root.der"), PKI.root().certificate().getEncoded());

        assertThatThrownBy(() -> CrlFile.read(file)).isInstanceOf(X509FileException.class)
                .hasMessageStartingWith(file + ": not a valid X.509 CRL");
    }

    @Test
    void pemFileWithoutACrlSaysNoCrlFound() throws Exception {
        Path file = PKI.root().writeCertificate(dir.resolve("root.pem"));

        assertThatThrownBy(() -> CrlFile.read(file)).isInstanceOf(X509FileException.class)
                .hasMessage(file + ": no CRL found (expected a PEM \"X509 CRL\" block or DER)");
    }

    @Test
    void truncatedPemCrlIsRefusedNamingTheFile() throws Exception {
        String pem = PemFiles.crlPem(INTERMEDIATE_CRL);
        Path file = Files.writeString(dir.resolve("cut.crl"), pem.substring(0, pem.indexOf("-----END")));

        assertThatThrownBy(() -> CrlFile.read(file)).isInstanceOf(X509FileException.class)
                .hasMessageStartingWith(file + ": ");
    }

    @Test
    void crlsTheJdkDecodedAreTakenAsTheyAre() {
        CrlFile file = new CrlFile(Path.of("given.crl"), java.util.List.of(INTERMEDIATE_CRL, ROOT_CRL));

        assertThat(file.count()).isEqualTo(2);
        assertThat(file.crls()).extracting(CrlFileTest::describe)
                .containsExactly(describe(INTERMEDIATE_CRL), describe(ROOT_CRL));
    }

    @Test
    void missingFileSaysSo() {
        Path file = dir.resolve("missing.crl");

        assertThatThrownBy(() -> CrlFile.read(file)).hasMessage(file + ": cannot read: no such file");
    }

    /** Issuer, thisUpdate, nextUpdate and entry count: what tells two CRLs apart here. */
    static String describe(CompactCrl crl) {
        return crl.issuer().getName() + " " + crl.thisUpdate() + " " + crl.nextUpdate().orElseThrow() + " " + crl.size();
    }

    static String describe(X509CRL crl) {
        return crl.getIssuerX500Principal().getName() + " " + crl.getThisUpdate().toInstant() + " "
                + crl.getNextUpdate().toInstant() + " " + (crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size());
    }
}
