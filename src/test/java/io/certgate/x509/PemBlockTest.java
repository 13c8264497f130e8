package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemBlockTest {

    private static final byte[] ONE = {0x30, 0x03, 0x02, 0x01, 0x01};
    private static final byte[] TWO = {0x30, 0x03, 0x02, 0x01, 0x02};

    @Test
    void parsesEveryBlockInOrderWithItsType() throws Exception {
        String text = PemBlock.toPem("CERTIFICATE", ONE) + PemBlock.toPem("X509 CRL", TWO);

        List<PemBlock> blocks = PemBlock.parseAll(text);

        assertThat(blocks).extracting(PemBlock::type).containsExactly("CERTIFICATE", "X509 CRL");
        assertThat(blocks.get(0).der()).isEqualTo(ONE);
        assertThat(blocks.get(1).der()).isEqualTo(TWO);
    }

    @Test
    void ignoresTextBeforeBetweenAndAfterBlocks() throws Exception {
        String text = "Certificate:\n    Data: version 3 (0x2)\n"
                + PemBlock.toPem("CERTIFICATE", ONE)
                + "subject=CN=next\nissuer=CN=root\n\n"
                + PemBlock.toPem("CERTIFICATE", TWO)
                + "trailing notes\n";

        assertThat(PemBlock.parseAll(text)).extracting(PemBlock::der).containsExactly(ONE, TWO);
    }

    @Test
    void textWithoutBlocksHasNone() throws Exception {
        assertThat(PemBlock.parseAll("just some text\n")).isEmpty();
    }

    @Test
    void acceptsWindowsLineEndings() throws Exception {
        String text = PemBlock.toPem("CERTIFICATE", ONE).replace("\n", "\r\n");

        assertThat(PemBlock.parseAll(text)).singleElement().satisfies(b -> assertThat(b.der()).isEqualTo(ONE));
    }

    @Test
    void blockWithoutEndLineIsRefusedNamingTheMissingLine() {
        String text = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n";

        assertThatThrownBy(() -> PemBlock.parseAll(text)).isInstanceOf(X509FileException.class)
                .hasMessage("PEM block \"CERTIFICATE\" has no \"-----END CERTIFICATE-----\" line");
    }

    @Test
    void endLineOfAnotherTypeDoesNotCloseABlock() {
        String text = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END X509 CRL-----\n";

        assertThatThrownBy(() -> PemBlock.parseAll(text))
                .hasMessage("PEM block \"CERTIFICATE\" has no \"-----END CERTIFICATE-----\" line");
    }

    @Test
    void beginLineWithoutClosingDashesIsRefusedWithItsOffset() {
        String text = "junk\n-----BEGIN CERTIFICATE\nMAMCAQE=\n";

        assertThatThrownBy(() -> PemBlock.parseAll(text)).isInstanceOf(X509FileException.class)
                .hasMessage("unterminated PEM header at offset 5");
    }

    @Test
    void legacyEncryptionHeadersAreRefusedWithTheCommandThatDecrypts() {
        String text = "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,39D5B806C4D1F4FB203A9B6E0397EE05\n\n"
                + "MAMCAQE=\n"
                + "-----END RSA PRIVATE KEY-----\n";

        assertThatThrownBy(() -> PemBlock.parseAll(text)).isInstanceOf(X509FileException.class)
                .hasMessageContaining("PEM block \"RSA PRIVATE KEY\" is encrypted or has headers")
                .hasMessageContaining("openssl pkey -in KEY -out PLAIN.key");
    }

    @Test
    void bodyWithDataAfterTheBase64PaddingIsRefused() {
        String text = "-----BEGIN CERTIFICATE-----\nMAMCAQE=MAMC\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> PemBlock.parseAll(text)).isInstanceOf(X509FileException.class)
                .hasMessageStartingWith("PEM block \"CERTIFICATE\" is not valid base64");
    }

    @Test
    void toPemWritesLinesOf64CharactersThatParseBack() throws Exception {
        byte[] der = new byte[200];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i;
        }

        String pem = new PemBlock("CERTIFICATE", der).toPem();

        List<String> lines = pem.lines().toList();
        assertThat(lines.get(0)).isEqualTo("-----BEGIN CERTIFICATE-----");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("-----END CERTIFICATE-----");
        assertThat(lines.subList(1, lines.size() - 2)).allSatisfy(line -> assertThat(line).hasSize(64));
        assertThat(lines.get(lines.size() - 2).length()).isBetween(1, 64);
        assertThat(PemBlock.parseAll(pem).get(0).der()).isEqualTo(der);
    }

    @Test
    void derIsNotMistakenForPem() {
        assertThat(PemBlock.looksLikePem(ONE)).isFalse();
        assertThat(PemBlock.looksLikePem(new byte[0])).isFalse();
        assertThat(PemBlock.looksLikePem("hello".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(PemBlock.looksLikePem(PemBlock.toPem("CERTIFICATE", ONE).getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void pemAfterTextStartingWithTheDigitZeroIsStillPem() {
        // '0' is 0x30, the first byte of every DER SEQUENCE; the text before the block is still text.
        String text = "0 s:CN=alice\n" + PemBlock.toPem("CERTIFICATE", ONE);

        assertThat(PemBlock.looksLikePem(text.getBytes(StandardCharsets.US_ASCII))).isTrue();
    }
}
