package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.Curl;
import io.certgate.testing.OpenSslPki;
import io.certgate.testing.RunningGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PKI made with the openssl CLI (RSA root, EC intermediate run as {@code openssl ca}, a DER
 * CRL from {@code -gencrl}), a configuration written from SPEC §3's keys, curl as the client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSslInteropIT {

    private OpenSslPki pki;
    private RunningGateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        pki = OpenSslPki.create(dir)
                .issue("server", "/CN=localhost", "server")
                .issue("alice", "/O=OpenSSL Interop/OU=Sales/CN=alice", "client")
                .issue("mallory", "/O=OpenSSL Interop/CN=mallory", "client")
                .revoke("mallory", "keyCompromise")
                .crl("intermediate.crl", true);
        pki.concat("server-chain.pem", "server.pem", "intermediate.pem");
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.html"), "made by openssl\n");
        gateway = RunningGateway.start(dir, """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: server-chain.pem
                    key: server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [root.pem]
                      intermediates: [intermediate.pem]
                      revocation:
                        crlFiles: [intermediate.crl]
                        scope: leaf
                    locations:
                      - path: /
                        root: www
                """);
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    private Curl.Response as(String client) {
        return Curl.get(gateway.url("/")).cacert(pki.file("root.pem"))
                .cert(pki.file(client + ".pem"), pki.file(client + ".key")).run();
    }

    @Test
    void opensslIssuedClientWithServerSideIntermediateGets200() {
        Curl.Response response = as("alice");
        assertThat(response.status()).as(response.stderr()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("made by openssl\n");
    }

    @Test
    void clientRevokedWithOpensslCaGets403_13FromTheDerCrl() {
        Curl.Response response = as("mallory");
        assertThat(response.code()).isEqualTo("403.13");
        assertThat(response.body()).contains("CN=mallory").contains("keyCompromise")
                // errors.detail: detailed (the default) never names a server-side file to the client
                .doesNotContain("intermediate.crl");
    }
}
