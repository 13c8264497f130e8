package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.Processes;
import io.certgate.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintTest {

    private static final TestPki PKI = TestPki.create(Instant.parse("2026-03-01T12:00:00Z"));
    private static final X509Certificate ALICE = PKI.client("alice").build().certificate();
    private static final Fingerprint OF_ALICE = Fingerprint.sha256(ALICE);

    @TempDir
    Path dir;

    @Test
    void colonHexIsWhatOpensslPrintsForTheSameCertificate() throws Exception {
        Path file = PKI.client("bob").build().writeCertificate(dir.resolve("bob.pem"));
        X509Certificate bob = CertificateFiles.readCertificates(file).get(0);

        Processes.Result result = Processes.run(List.of("openssl", "x509", "-in", file.toString(), "-noout",
                "-fingerprint", "-sha256"), dir, null, 60);

        assertThat(result.exitCode()).as(result.all()).isZero();
        String printed = result.stdout().strip();
        String openssl = printed.substring(printed.indexOf('=') + 1);
        assertThat(Fingerprint.sha256(bob).colonHex()).isEqualTo(openssl);
        assertThat(Fingerprint.sha256(bob).hex()).isEqualTo(openssl.replace(":", "").toLowerCase(Locale.ROOT));
    }

    @Test
    void hexIsLowerCaseWithoutSeparators() {
        assertThat(OF_ALICE.hex()).matches("[0-9a-f]{64}");
        assertThat(OF_ALICE.colonHex()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(OF_ALICE).hasToString(OF_ALICE.colonHex());
    }

    @Test
    void parsesColonSeparatedHex() {
        assertThat(Fingerprint.parse(OF_ALICE.colonHex())).contains(OF_ALICE);
    }

    @Test
    void parsesPlainHexInEitherCase() {
        assertThat(Fingerprint.parse(OF_ALICE.hex())).contains(OF_ALICE);
        assertThat(Fingerprint.parse(OF_ALICE.hex().toUpperCase(Locale.ROOT))).contains(OF_ALICE);
    }

    @Test
    void parsesSpacedHexAsCertificateDialogsShowIt() {
        String spaced = OF_ALICE.colonHex().replace(':', ' ').toLowerCase(Locale.ROOT);

        assertThat(Fingerprint.parse("  " + spaced + "\n")).contains(OF_ALICE);
    }

    @Test
    void parsesASha256EqualsPrefix() {
        assertThat(Fingerprint.parse("SHA256=" + OF_ALICE.colonHex())).contains(OF_ALICE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AB:CD", "zz", "sha1=AB"})
    void rejectsTextThatIsNotASha256Fingerprint(String text) {
        assertThat(Fingerprint.parse(text)).isEmpty();
    }

    @Test
    void rejectsOneByteTooFewOrTooMany() {
        assertThat(Fingerprint.parse(OF_ALICE.hex().substring(2))).isEmpty();
        assertThat(Fingerprint.parse(OF_ALICE.hex() + "00")).isEmpty();
    }

    @Test
    void rejectsNonHexCharacters() {
        assertThat(Fingerprint.parse("g" + OF_ALICE.hex().substring(1))).isEmpty();
    }

    @Test
    void rejectsNonAsciiDigitsInsteadOfThrowing() {
        // Fullwidth digits (as some word processors paste them) count as digits for Character.digit.
        String fullwidth = "\uff10".repeat(64);

        Optional<Fingerprint> parsed = Fingerprint.parse(fullwidth);

        assertThat(parsed).isEmpty();
    }

    @Test
    void equalFingerprintsOfTheSameCertificateAndDifferentOnesOfAnother() {
        Fingerprint again = Fingerprint.sha256(ALICE);
        Fingerprint other = Fingerprint.sha256(PKI.client("alice").build().certificate());

        assertThat(again).isEqualTo(OF_ALICE).hasSameHashCodeAs(OF_ALICE);
        assertThat(other).isNotEqualTo(OF_ALICE);
    }

    @Test
    void bytesAreACopy() {
        byte[] bytes = OF_ALICE.bytes();
        bytes[0] ^= 1;

        assertThat(OF_ALICE.bytes()).hasSize(32).isNotEqualTo(bytes);
    }
}
