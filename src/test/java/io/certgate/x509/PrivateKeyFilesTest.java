package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.PemFiles;
import io.certgate.testing.Processes;
import io.certgate.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private keys as the real openssl writes them: PKCS#8, PKCS#1 RSA and SEC 1 EC. A key counts
 * as read when a signature made with it verifies with the public key openssl derives from the
 * same file.
 */
class PrivateKeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsPkcs8KeyFromOpensslGenpkey() throws Exception {
        Path key = openssl("pkcs8.key", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");

        PrivateKey read = CertificateFiles.readPrivateKey(key);

        assertThat(read.getAlgorithm()).isEqualTo("EC");
        assertSignsFor(read, publicKeyOf(key, "EC"), "SHA256withECDSA");
    }

    @Test
    void readsSec1EcKeyFromOpensslEcparam() throws Exception {
        Path key = openssl("sec1.key", "ecparam", "-genkey", "-name", "prime256v1", "-noout");
        assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        PrivateKey read = CertificateFiles.readPrivateKey(key);

        assertThat(read.getAlgorithm()).isEqualTo("EC");
        assertSignsFor(read, publicKeyOf(key, "EC"), "SHA256withECDSA");
    }

    @Test
    void readsPkcs1RsaKeyFromOpensslGenrsaTraditional() throws Exception {
        Path key = openssl("pkcs1.key", "genrsa", "-traditional", "2048");
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        PrivateKey read = CertificateFiles.readPrivateKey(key);

        assertThat(read.getAlgorithm()).isEqualTo("RSA");
        assertSignsFor(read, publicKeyOf(key, "RSA"), "SHA256withRSA");
    }

    @Test
    void readsTheKeyOfAFileThatAlsoHoldsTheCertificate() throws Exception {
        var server = TestPki.create(Instant.parse("2026-03-01T12:00:00Z")).server("localhost");
        Path file = server.writeChain(dir.resolve("server.pem"));
        Files.writeString(file, Files.readString(file) + PemFiles.privateKeyPem(server.privateKey()));

        PrivateKey read = CertificateFiles.readPrivateKey(file);

        assertSignsFor(read, server.certificate().getPublicKey(), "SHA256withECDSA");
    }

    @Test
    void encryptedPkcs8KeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
        Path key = openssl("encrypted.key", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-aes-256-cbc", "-pass", "pass:secret");
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertThatThrownBy(() -> CertificateFiles.readPrivateKey(key)).isInstanceOf(X509FileException.class)
                .hasMessage(key + ": the private key is encrypted; certgate needs it unencrypted and readable only"
                        + " by its user (openssl pkey -in KEY -out PLAIN.key)");
    }

    @Test
    void legacyEncryptedRsaKeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
        Path key = openssl("legacy-encrypted.key", "genrsa", "-traditional", "-aes128", "-passout", "pass:secret", "2048");
        assertThat(Files.readString(key)).contains("Proc-Type: 4,ENCRYPTED");

        assertThatThrownBy(() -> CertificateFiles.readPrivateKey(key)).isInstanceOf(X509FileException.class)
                .hasMessageStartingWith(key + ": the private key is encrypted")
                .hasMessageContaining("openssl pkey -in KEY -out PLAIN.key");
    }

    @Test
    void certificateFileIsNotAKey() throws Exception {
        Path file = TestPki.create(Instant.parse("2026-03-01T12:00:00Z")).root().writeCertificate(dir.resolve("root.pem"));

        assertThatThrownBy(() -> CertificateFiles.readPrivateKey(file)).isInstanceOf(X509FileException.class)
                .hasMessage(file + ": no private key found (expected PEM \"PRIVATE KEY\", \"RSA PRIVATE KEY\""
                        + " or \"EC PRIVATE KEY\")");
    }

    @Test
    void missingKeyFileSaysSo() {
        Path file = dir.resolve("missing.key");

        assertThatThrownBy(() -> CertificateFiles.readPrivateKey(file)).hasMessage(file + ": cannot read: no such file");
    }

    /** Runs {@code openssl COMMAND -out dir/name ARGUMENTS...} and returns that file. */
    private Path openssl(String name, String... arguments) {
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.add(arguments[0]);
        command.add("-out");
        command.add(out.toString());
        command.addAll(List.of(arguments).subList(1, arguments.length));
        Processes.Result result = Processes.run(command, dir, null, 120);
        assertThat(result.exitCode()).as("openssl %s: %s", arguments[0], result.all()).isZero();
        return out;
    }

    /** The public key openssl derives from a private key file. */
    private PublicKey publicKeyOf(Path privateKey, String algorithm) throws Exception {
        Path pub = dir.resolve(privateKey.getFileName() + ".pub");
        Processes.Result result = Processes.run(List.of("openssl", "pkey", "-in", privateKey.toString(), "-pubout",
                "-out", pub.toString()), dir, null, 60);
        assertThat(result.exitCode()).as("openssl pkey: %s", result.all()).isZero();
        byte[] der = PemBlock.parseAll(Files.readString(pub, StandardCharsets.US_ASCII)).get(0).der();
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    }

    private static void assertSignsFor(PrivateKey key, PublicKey publicKey, String algorithm) throws Exception {
        byte[] message = "certgate".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(message);
        assertThat(verifier.verify(signature)).as("a signature by the key read verifies with its public key").isTrue();
    }
}
