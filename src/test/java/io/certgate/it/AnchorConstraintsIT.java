package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Processes;
import io.certgate.x509.CertificateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/certgate verify} with a root made by the openssl CLI whose name constraints permit
 * DNS names under example.com only: a client certificate outside them is refused, although the
 * JDK's PKIX alone (which never reads a trust anchor's extensions) accepts it. openssl verify,
 * which applies the root's constraints, agrees with certgate.
 */
class AnchorConstraintsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT_EXTENSIONS = """
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            nameConstraints = critical, permitted;DNS:example.com
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void makeRoot() throws Exception {
        Files.writeString(dir.resolve("root.ext"), ROOT_EXTENSIONS);
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key",
                "-out", "root.csr", "-subj", "/O=OpenSSL Interop/CN=Constrained Root");
        openssl("x509", "-req", "-in", "root.csr", "-signkey", "root.key", "-days", "30", "-extfile", "root.ext",
                "-out", "root.pem");
    }

    @Test
    void clientCertificateOutsideTheRootsNameConstraintsIsRefused() throws Exception {
        leaf("mallory", "www.example.org");

        Processes.Result result = CertgateProcess.run(dir, "verify", "--roots", "root.pem", "mallory.pem");

        assertThat(jdkAccepts("mallory.pem")).as("the JDK alone accepts it").isTrue();
        assertThat(opensslMayFail("verify", "-CAfile", "root.pem", "mallory.pem").exitCode())
                .as("openssl verify refuses it too").isNotZero();
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        JsonNode verdict = JSON.readTree(result.stdout());
        assertThat(verdict.get("valid").asBoolean()).isFalse();
        assertThat(verdict.get("reason").asText()).isEqualTo("name-constraints");
        assertThat(verdict.get("status").asText()).isEqualTo("403.16");
        assertThat(verdict.get("refusal").asText()).isEqualTo("client-certificate-untrusted");
        assertThat(verdict.get("detail").asText()).isEqualTo("certificate CN=mallory has subjectAltName dNSName"
                + " www.example.org, outside the permitted subtrees (dNSName example.com) of the name constraints of"
                + " trusted root CN=Constrained Root");
    }

    @Test
    void clientCertificateInsideTheRootsNameConstraintsIsValid() throws Exception {
        leaf("alice", "alice.example.com");

        Processes.Result result = CertgateProcess.run(dir, "verify", "--roots", "root.pem", "alice.pem");

        assertThat(opensslMayFail("verify", "-CAfile", "root.pem", "alice.pem").exitCode()).isZero();
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(JSON.readTree(result.stdout()).get("reason").asText()).isEqualTo("ok");
    }

    private void leaf(String name, String dnsName) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), """
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature
                extendedKeyUsage = clientAuth
                subjectAltName = DNS:%s
                """.formatted(dnsName));
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/O=OpenSSL Interop/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
                "-days", "20", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private boolean jdkAccepts(String leaf) throws Exception {
        X509Certificate root = CertificateFiles.readCertificates(dir.resolve("root.pem")).get(0);
        List<X509Certificate> path = new ArrayList<>(CertificateFiles.readCertificates(dir.resolve(leaf)));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        try {
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                    parameters);
            return true;
        } catch (java.security.cert.CertPathValidatorException refused) {
            return false;
        }
    }

    private Processes.Result openssl(String... args) {
        Processes.Result result = opensslMayFail(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed:\n" + result.all());
        }
        return result;
    }

    private Processes.Result opensslMayFail(String... args) {
        List<String> line = new ArrayList<>(List.of("openssl"));
        line.addAll(List.of(args));
        return Processes.run(line, dir, null, 60);
    }
}
