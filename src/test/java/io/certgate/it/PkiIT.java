package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certgate pki} as a user runs it: what it writes is accepted by {@code openssl verify} and
 * {@code openssl crl}, and by certgate itself (200 for a good client, 403.13 for a revoked one).
 */
class PkiIT {

    private static final Pattern SERIAL = Pattern.compile("serial ([0-9a-f]+)");

    @TempDir
    Path dir;

    private Processes.Result certgate(String... args) {
        Processes.Result result = CertgateProcess.run(dir, args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.all()).isZero();
        return result;
    }

    private Processes.Result openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return Processes.run(command, dir, null, 60);
    }

    private static String serial(Processes.Result issued) {
        Matcher m = SERIAL.matcher(issued.stdout());
        assertThat(m.find()).as(issued.stdout()).isTrue();
        return m.group(1);
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void notAfterAloneInThePastMakesACertificateThatWasValidForAYear() {
        certgate("pki", "init");

        certgate("pki", "issue", "--client", "--subject", "CN=bob", "--not-after", "2020-01-01T00:00:00Z", "--out", "bob");

        String dates = openssl("x509", "-in", "bob.pem", "-noout", "-startdate", "-enddate").stdout();
        assertThat(dates).contains("notBefore=Jan  1 00:00:00 2019 GMT").contains("notAfter=Jan  1 00:00:00 2020 GMT");
        assertThat(openssl("verify", "-CAfile", "pki/root.pem", "bob.pem").all()).contains("certificate has expired");
    }

    @Test
    void notAfterAloneInTheFutureStartsAnHourAgo() {
        certgate("pki", "init");
        java.time.Instant end = java.time.Instant.now().plus(java.time.Duration.ofDays(30));

        certgate("pki", "issue", "--client", "--subject", "CN=dan", "--not-after",
                end.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), "--out", "dan");

        assertThat(openssl("verify", "-CAfile", "pki/root.pem", "dan.pem").exitCode()).as("valid now").isZero();
        assertThat(openssl("x509", "-in", "dan.pem", "-noout", "-checkend", String.valueOf(31L * 24 * 3600)).stdout())
                .as("ends in 30 days, not later").contains("will expire");
    }

    @Test
    void aCaMadeWithPkiIsAcceptedByOpensslAndByCertgate() throws Exception {
        Processes.Result init = certgate("pki", "init", "--intermediate", "--name", "CN=PKI IT Root,O=certgate");
        assertThat(init.stdout().lines().filter(l -> l.startsWith("wrote ")).map(l -> l.split("\\s+")[1]))
                .containsExactly("pki/root.pem", "pki/root.key", "pki/intermediate.pem", "pki/intermediate.key",
                        "pki/ca.json", "pki/crl.pem");
        assertThat(permissions(dir.resolve("pki"))).isEqualTo("rwx------");
        assertThat(permissions(dir.resolve("pki/root.key"))).isEqualTo("rw-------");
        assertThat(permissions(dir.resolve("pki/intermediate.key"))).isEqualTo("rw-------");

        Processes.Result server = certgate("pki", "issue", "--server", "--subject", "CN=localhost", "--dns", "localhost",
                "--ip", "127.0.0.1", "--out", "tls/server");
        assertThat(server.stdout()).contains("wrote tls/server.pem").contains("wrote tls/server.key");
        certgate("pki", "issue", "--client", "--subject", "CN=alice,OU=Sales,O=certgate", "--email", "alice@example.com",
                "--uri", "urn:example:alice", "--upn", "alice@corp.example", "--out", "alice");
        String carol = serial(certgate("pki", "issue", "--client", "--subject", "CN=carol", "--out", "carol"));
        String bob = serial(certgate("pki", "issue", "--client", "--key-type", "rsa", "--subject", "CN=bob", "--out", "bob"));
        certgate("pki", "issue", "--client", "--subject", "CN=old", "--not-before", "2020-01-01T00:00:00Z",
                "--not-after", "2020-02-01T00:00:00Z", "--out", "old");
        assertThat(permissions(dir.resolve("alice.key"))).isEqualTo("rw-------");

        for (String name : List.of("tls/server", "alice", "carol", "bob")) {
            Processes.Result verify = openssl("verify", "-CAfile", "pki/root.pem", "-untrusted", "pki/intermediate.pem",
                    name + ".pem");
            assertThat(verify.exitCode()).as(verify.all()).isZero();
        }
        assertThat(openssl("verify", "-CAfile", "pki/root.pem", "-untrusted", "pki/intermediate.pem", "old.pem").all())
                .contains("certificate has expired");
        assertThat(openssl("x509", "-in", "alice.pem", "-noout", "-ext", "subjectAltName,extendedKeyUsage").stdout())
                .contains("email:alice@example.com").contains("URI:urn:example:alice").contains("UPN::alice@corp.example")
                .contains("TLS Web Client Authentication");
        assertThat(openssl("x509", "-in", "bob.pem", "-noout", "-text").stdout()).contains("rsaEncryption");

        Processes.Result revoked = certgate("pki", "revoke", "carol.pem", "--reason", "keyCompromise");
        assertThat(revoked.stdout()).contains("revoked CN=carol (serial " + carol + ") as keyCompromise")
                .contains("wrote pki/crl.pem");
        certgate("pki", "revoke", "--serial", bob, "--reason", "superseded");
        String crl = openssl("crl", "-in", "pki/crl.pem", "-noout", "-text").stdout();
        assertThat(crl).contains("Serial Number: " + carol.toUpperCase()).contains("Key Compromise")
                .contains("Serial Number: " + bob.toUpperCase()).contains("Superseded");
        Processes.Result revokedVerify = openssl("verify", "-crl_check", "-CRLfile", "pki/crl.pem", "-CAfile", "pki/root.pem",
                "-untrusted", "pki/intermediate.pem", "carol.pem");
        assertThat(revokedVerify.all()).contains("certificate revoked");

        Processes.Result der = certgate("pki", "crl", "--der", "--out", "pki/issuing.crl", "--days", "2");
        assertThat(der.stdout()).contains("wrote pki/issuing.crl  DER CRL number");
        assertThat(openssl("crl", "-inform", "DER", "-in", "pki/issuing.crl", "-noout", "-text").stdout())
                .contains("Serial Number: " + carol.toUpperCase()).contains("CRL Number");

        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.html"), "made by certgate pki\n");
        Files.writeString(dir.resolve("certgate.yaml"), """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                      revocation:
                        crlFiles: [pki/issuing.crl]
                    locations:
                      - path: /
                        root: www
                """);
        try (CertgateProcess gateway = CertgateProcess.start(dir, "run", "-c", "certgate.yaml")) {
            int port = gateway.awaitListening();
            assertThat(as(port, "alice").status()).isEqualTo(200);
            assertThat(as(port, "alice").body()).isEqualTo("made by certgate pki\n");
            assertThat(as(port, "carol").code()).isEqualTo("403.13");
            assertThat(as(port, "bob").code()).isEqualTo("403.13");
            assertThat(as(port, "old").code()).isEqualTo("403.17");
        }
    }

    private Curl.Response as(int port, String client) {
        return Curl.get("https://localhost:" + port + "/").cacert(dir.resolve("pki/root.pem"))
                .cert(dir.resolve(client + ".pem"), dir.resolve(client + ".key")).run();
    }

    @Test
    void aRootAloneIssuesAndAServerNameDefaultsToTheCommonName() throws Exception {
        certgate("pki", "init", "--dir", "ca", "--key-type", "rsa");
        assertThat(Files.exists(dir.resolve("ca/intermediate.pem"))).isFalse();
        Processes.Result issued = certgate("pki", "issue", "--dir", "ca", "--server", "--client",
                "--subject", "CN=app.example", "--out", "app");
        assertThat(issued.stdout()).contains("the subject's CN app.example becomes the DNS name");
        assertThat(openssl("x509", "-in", "app.pem", "-noout", "-ext", "subjectAltName,extendedKeyUsage").stdout())
                .contains("DNS:app.example").contains("TLS Web Server Authentication").contains("TLS Web Client Authentication");
        assertThat(openssl("verify", "-CAfile", "ca/root.pem", "app.pem").exitCode()).isZero();
    }

    @Test
    void mistakesAreUsageErrorsWithASentence() {
        certgate("pki", "init");
        Processes.Result again = CertgateProcess.run(dir, "pki", "init");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.stderr()).contains("already holds a CA");

        Processes.Result noPurpose = CertgateProcess.run(dir, "pki", "issue", "--subject", "CN=x", "--out", "x");
        assertThat(noPurpose.exitCode()).isEqualTo(2);
        assertThat(noPurpose.stderr()).contains("--server, --client, or both");

        Processes.Result badSubject = CertgateProcess.run(dir, "pki", "issue", "--client", "--subject", "nonsense", "--out", "x");
        assertThat(badSubject.exitCode()).isEqualTo(2);
        assertThat(badSubject.stderr()).startsWith("certgate pki: cannot make the certificate");

        Processes.Result unknown = CertgateProcess.run(dir, "pki", "revoke", "--serial", "abc123");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("serial abc123 was not issued by this CA");

        Processes.Result reason = CertgateProcess.run(dir, "pki", "revoke", "--serial", "abc123", "--reason", "boredom");
        assertThat(reason.exitCode()).isEqualTo(2);
        assertThat(reason.stderr()).contains("keyCompromise");

        Processes.Result noCa = CertgateProcess.run(dir, "pki", "crl", "--dir", "elsewhere");
        assertThat(noCa.exitCode()).isEqualTo(2);
        assertThat(noCa.stderr()).contains("certgate pki init --dir elsewhere");
    }
}
