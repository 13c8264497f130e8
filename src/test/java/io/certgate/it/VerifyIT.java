package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.pki.Credential;
import io.certgate.pki.PemFiles;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Processes;
import io.certgate.testing.TestPki;
import io.certgate.testing.World;
import io.certgate.x509.Fingerprint;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/certgate verify} as SPEC §2 has it: a JSON verdict, exit 0 valid, 1 invalid, 2 usage error. */
class VerifyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private World world;
    private String at;

    @BeforeEach
    void mint() {
        world = World.create(dir);
        at = world.pki().now().toString();
    }

    @Test
    void aValidCertificateExits0WithTheChainAndTheCrlsUsed() throws Exception {
        Processes.Result result = verify("--roots", "pki/root.pem", "--crl", "pki/intermediate.crl", "--crl", "pki/root.crl",
                "--at", at, "clients/alice.pem");

        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode verdict = JSON.readTree(result.stdout());
        assertThat(verdict.get("valid").asBoolean()).isTrue();
        assertThat(verdict.get("reason").asText()).isEqualTo("ok");
        assertThat(verdict.get("status").asText()).isEqualTo("200");
        assertThat(verdict.has("refusal")).isFalse();
        assertThat(verdict.get("detail").asText()).isEqualTo("valid");
        assertThat(verdict.get("at").asText()).isEqualTo(at);
        JsonNode chain = verdict.get("chain");
        assertThat(chain).hasSize(3);
        assertThat(chain.get(0).get("subject").asText()).isEqualTo("CN=alice,O=certgate tests");
        assertThat(chain.get(0).get("issuer").asText()).isEqualTo("CN=Test Issuing CA,O=certgate tests");
        assertThat(chain.get(0).get("serial").asText()).isEqualTo(world.client(World.VALID).serial().toString(16).toUpperCase());
        assertThat(chain.get(0).get("fingerprint").asText())
                .isEqualTo(Fingerprint.sha256(world.client(World.VALID).certificate()).colonHex());
        assertThat(chain.get(0).get("notAfter").asText())
                .isEqualTo(world.client(World.VALID).certificate().getNotAfter().toInstant().toString());
        assertThat(chain.get(2).get("subject").asText()).isEqualTo("CN=Test Root CA,O=certgate tests");
        assertThat(verdict.get("revocationSources")).extracting(JsonNode::asText)
                .as("named as the command line named them").containsExactly("crl:pki/intermediate.crl", "crl:pki/root.crl");
        assertThat(verdict.get("warnings")).isEmpty();
    }

    @Test
    void aRevokedCertificateExits1With403_13AndTheCrlThatSaysSo() throws Exception {
        Processes.Result result = verify("--roots", "pki/root.pem", "--crl", "pki/intermediate.crl", "--crl", "pki/root.crl",
                "--at", at, "clients/" + World.REVOKED + ".pem");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        JsonNode verdict = JSON.readTree(result.stdout());
        assertThat(verdict.get("valid").asBoolean()).isFalse();
        assertThat(verdict.get("reason").asText()).isEqualTo("revoked");
        assertThat(verdict.get("status").asText()).isEqualTo("403.13");
        assertThat(verdict.get("refusal").asText()).isEqualTo("client-certificate-revoked");
        assertThat(verdict.get("detail").asText()).startsWith("certificate CN=" + World.REVOKED + " was revoked at ")
                .endsWith("(keyCompromise), according to crl:pki/intermediate.crl");
    }

    @Test
    void theValidationTimeDecidesExpiry() throws Exception {
        Instant later = world.client(World.VALID).certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));

        Processes.Result result = verify("--roots", "pki/root.pem", "--at", later.toString(), "clients/alice.pem");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        JsonNode verdict = JSON.readTree(result.stdout());
        assertThat(verdict.get("reason").asText()).isEqualTo("expired");
        assertThat(verdict.get("status").asText()).isEqualTo("403.17");
        assertThat(verdict.get("refusal").asText()).isEqualTo("client-certificate-expired");
    }

    @Test
    void anUntrustedCertificateIs403_16WithNoChain() throws Exception {
        Processes.Result result = verify("--roots", "pki/root.pem", "--at", at, "clients/" + World.UNTRUSTED + ".pem");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode verdict = JSON.readTree(result.stdout());
        assertThat(verdict.get("reason").asText()).isEqualTo("no-path-to-trusted-root");
        assertThat(verdict.get("status").asText()).isEqualTo("403.16");
        assertThat(verdict.get("chain")).isEmpty();
    }

    @Test
    void purposeAnyAcceptsACertificateThatIsNotForClients() throws Exception {
        String leaf = "clients/" + World.NOT_FOR_CLIENTS + ".pem";

        Processes.Result asClient = verify("--roots", "pki/root.pem", "--at", at, leaf);
        Processes.Result anyPurpose = verify("--roots", "pki/root.pem", "--at", at, "--purpose", "any", leaf);

        assertThat(asClient.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(asClient.stdout()).get("reason").asText()).isEqualTo("wrong-key-usage");
        assertThat(anyPurpose.exitCode()).as(anyPurpose.all()).isZero();
    }

    @Test
    void withoutCrlsTheOutputSaysRevocationWasNotChecked() throws Exception {
        Processes.Result result = verify("--roots", "pki/root.pem", "--intermediates", "pki/intermediate.pem", "--at", at,
                "clients/" + World.REVOKED + ".pem");

        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.stdout()).get("warnings")).extracting(JsonNode::asText)
                .containsExactly("revocation was not checked: no --crl was given");
    }

    @Test
    void aMissingFileIsAUsageErrorNamingIt() {
        Processes.Result result = verify("--roots", "pki/nowhere.pem", "clients/alice.pem");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("certgate verify: pki/nowhere.pem: cannot read: no such file");
    }

    @Test
    void aTimeThatIsNotIso8601IsAUsageError() {
        Processes.Result result = verify("--roots", "pki/root.pem", "--at", "yesterday", "clients/alice.pem");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--at").contains("yesterday");
    }

    @Test
    void anUnknownPurposeAndMissingRootsAreUsageErrors() {
        assertThat(verify("--roots", "pki/root.pem", "--purpose", "server", "clients/alice.pem").exitCode()).isEqualTo(2);
        assertThat(verify("clients/alice.pem").exitCode()).isEqualTo(2);
    }

    @Test
    void rootsAndIntermediatesMayBeRepeated() throws Exception {
        TestPki second = TestPki.create(world.pki().now(), "Second");
        second.root().writeCertificate(dir.resolve("pki/second-root.pem"));
        second.intermediate().writeCertificate(dir.resolve("pki/second-intermediate.pem"));
        second.client("zoe").build().writeCertificate(dir.resolve("clients/zoe-leaf.pem"));
        world.client(World.VALID).writeCertificate(dir.resolve("clients/alice-leaf.pem"));
        String[] trust = {"--roots", "pki/root.pem", "--roots", "pki/second-root.pem",
            "--intermediates", "pki/intermediate.pem", "--intermediates", "pki/second-intermediate.pem", "--at", at};

        for (String leaf : new String[] {"clients/alice-leaf.pem", "clients/zoe-leaf.pem"}) {
            String[] args = java.util.Arrays.copyOf(trust, trust.length + 1);
            args[trust.length] = leaf;
            Processes.Result result = verify(args);

            assertThat(result.exitCode()).as(leaf + "\n" + result.all()).isZero();
            assertThat(JSON.readTree(result.stdout()).get("chain")).as(leaf).hasSize(3);
        }
    }

    @Test
    void aHundredIntermediatesWithOneSubjectAreTooComplexNotAHang() throws Exception {
        // Each issued by the one before, none by a trusted root: every ordering names a plausible path.
        Instant now = world.pki().now();
        Credential issuer = Credential.builder().subject("CN=Same Name CA").certificateAuthority(-1).now(now).build();
        List<X509Certificate> intermediates = new ArrayList<>(List.of(issuer.certificate()));
        for (int i = 1; i < 100; i++) {
            issuer = Credential.builder().subject("CN=Same Name CA").certificateAuthority(-1).issuedBy(issuer).now(now).build();
            intermediates.add(issuer.certificate());
        }
        PemFiles.writeCertificates(dir.resolve("pki/same-name.pem"), intermediates);
        Credential.builder().subject("CN=mallory").clientAuth().issuedBy(issuer).now(now).build()
                .writeCertificate(dir.resolve("clients/mallory.pem"));

        Processes.Result result = verify("--roots", "pki/root.pem", "--intermediates", "pki/same-name.pem", "--at", at,
                "clients/mallory.pem");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        JsonNode verdict = JSON.readTree(result.stdout());
        assertThat(verdict.get("reason").asText()).isEqualTo("chain-too-complex");
        assertThat(verdict.get("status").asText()).isEqualTo("403.16");
        assertThat(verdict.get("detail").asText()).startsWith("the chain is too complex: ");
    }

    private Processes.Result verify(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "verify";
        System.arraycopy(args, 0, command, 1, args.length);
        return CertgateProcess.run(dir, command);
    }
}
