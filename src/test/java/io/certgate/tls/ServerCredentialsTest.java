package io.certgate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.Credential;
import io.certgate.pki.KeyType;
import io.certgate.pki.PemFiles;
import io.certgate.testing.TestPki;
import io.certgate.x509.X509FileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site's certificate and key are read and checked to belong together at startup, naming the files when not. */
class ServerCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final TestPki pki = TestPki.create(NOW);

    @TempDir
    Path dir;

    @Test
    void matchingCertificateAndKeyLoadWithTheChainLeafFirst() throws Exception {
        Credential server = pki.server("app.example.com");
        Path cert = server.writeChain(dir.resolve("server.pem"));
        Path key = server.writeKey(dir.resolve("server.key"));

        ServerCredentials credentials = ServerCredentials.load(cert, key);

        assertThat(credentials.chain()).containsExactly(server.certificate(), pki.intermediate().certificate());
        assertThat(credentials.key().getEncoded()).isEqualTo(server.privateKey().getEncoded());
    }

    @Test
    void rsaPairLoadsToo() throws Exception {
        Credential server = Credential.builder().subject("CN=rsa.example.com").serverAuth().dns("rsa.example.com")
                .keyType(KeyType.RSA_2048).issuedBy(pki.intermediate()).now(NOW).build();

        ServerCredentials credentials = ServerCredentials.load(server.writeChain(dir.resolve("rsa.pem")),
                server.writeKey(dir.resolve("rsa.key")));

        assertThat(credentials.chain().get(0)).isEqualTo(server.certificate());
    }

    @Test
    void keyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
        Path cert = pki.server("app.example.com").writeChain(dir.resolve("app.pem"));
        Path key = pki.server("other.example.com").writeKey(dir.resolve("other.key"));

        assertThatThrownBy(() -> ServerCredentials.load(cert, key))
                .isInstanceOf(X509FileException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining(cert.toString())
                .hasMessageContaining("does not belong");
    }

    @Test
    void keyOfAnotherAlgorithmIsRefused() throws Exception {
        Path cert = pki.server("app.example.com").writeChain(dir.resolve("ec.pem"));
        Credential rsa = Credential.builder().subject("CN=rsa").keyType(KeyType.RSA_2048).now(NOW).build();
        Path key = rsa.writeKey(dir.resolve("rsa.key"));

        assertThatThrownBy(() -> ServerCredentials.load(cert, key))
                .isInstanceOf(X509FileException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining(cert.toString());
    }

    @Test
    void chainFileThatDoesNotStartWithTheServersCertificateIsRefused() throws Exception {
        Credential server = pki.server("app.example.com");
        Path cert = PemFiles.writeCertificates(dir.resolve("reversed.pem"),
                List.of(pki.intermediate().certificate(), server.certificate()));
        Path key = server.writeKey(dir.resolve("server.key"));

        assertThatThrownBy(() -> ServerCredentials.load(cert, key))
                .isInstanceOf(X509FileException.class)
                .hasMessageContaining("first certificate");
    }

    @Test
    void missingKeyFileIsNamed() throws Exception {
        Path cert = pki.server("app.example.com").writeChain(dir.resolve("app.pem"));
        Path key = dir.resolve("absent.key");

        assertThatThrownBy(() -> ServerCredentials.load(cert, key))
                .isInstanceOf(X509FileException.class)
                .hasMessageContaining("absent.key");
    }
}
