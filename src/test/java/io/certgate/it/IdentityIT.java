package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.BackendProcess;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.LogFiles;
import io.certgate.testing.Processes;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates become accounts and accounts meet access rules, through the running gateway:
 * what the backend is told (X-Remote-User, X-Remote-Groups), the 401.3 and 403.12 answers, the
 * access log's cs-username, and {@code certgate explain} telling why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityIT {

    private World world;
    private BackendProcess backend;
    private RunningGateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        world.addClient("sam", world.pki().client("sam").build());
        world.addClient("sam", Credential.builder().subject("CN=sam,OU=Sales Team,O=certgate tests").clientAuth()
                .issuedBy(world.pki().intermediate()).build());
        world.addClient("contractor", Credential.builder().subject("CN=contractor-7,OU=Sales Team,O=certgate tests")
                .clientAuth().issuedBy(world.pki().intermediate()).build());
        world.addClient("mallory", Credential.builder().subject("CN=mallory,O=certgate tests").clientAuth()
                .upn("mallory@corp.example").issuedBy(world.pki().intermediate()).build());
        world.addClient("nobody", world.pki().client("nobody").build());
        backend = BackendProcess.start();
        gateway = RunningGateway.start(dir, config(backend.url()));
    }

    static String config(String backendUrl) {
        return """
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
                      revocation: { crlFiles: [pki/intermediate.crl] }
                    accounts:
                      alice: { groups: [admins, staff] }
                      sales: { groups: [staff] }
                      mallory: { enabled: false }
                    oneToOneMappings:
                      - certificate: clients/alice.pem
                        userName: alice
                    manyToOneMappings:
                      - name: no-contractors
                        permissionMode: deny
                        rules:
                          - { certificateField: subject, certificateSubField: CN, matchCriteria: "contractor-*" }
                      - name: sales-department
                        permissionMode: allow
                        userName: sales
                        rules:
                          - certificateField: subject
                            certificateSubField: OU
                            matchCriteria: "sales*"
                            compareCaseSensitive: false
                      - name: by-upn
                        userName: mallory
                        rules:
                          - { certificateField: san, certificateSubField: upn, matchCriteria: "*@corp.example" }
                    locations:
                      - path: /admin
                        access: { allowUsers: [alice] }
                        proxy: %1$s
                      - path: /staff
                        access: { allowGroups: [staff], denyUsers: [alice] }
                        proxy: %1$s
                      - path: /
                        proxy: %1$s
                accessLog:
                  file: logs/access.log
                """.formatted(backendUrl);
    }

    @AfterAll
    void stop() {
        gateway.close();
        backend.close();
    }

    private Curl.Response as(String client, String path) {
        return world.curl(gateway, path, client).run();
    }

    @Test
    void oneToOneMappedAccountReachesItsLocationAndTheBackendKnowsWho() {
        Curl.Response response = as(World.VALID, "/admin/panel");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("header x-remote-user: alice", "header x-remote-groups: admins,staff");
    }

    @Test
    void manyToOneMappingIsCaseInsensitiveWhenToldSo() {
        Curl.Response response = as("sam", "/staff/x");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("header x-remote-user: sales", "header x-remote-groups: staff");
    }

    @Test
    void accountNotAllowedByTheLocationGets401_3() {
        Curl.Response response = as("sam", "/admin/panel");
        assertThat(response.header("certgate-status")).isEqualTo("401.3 access-denied");
        assertThat(response.body()).contains("\"sales\"");
    }

    @Test
    void denyWinsOverAllow() {
        assertThat(as(World.VALID, "/staff/x").code()).isEqualTo("401.3");
    }

    @Test
    void denyMappingGets403_12EvenWithoutAnAccessRule() {
        Curl.Response response = as("contractor", "/");
        assertThat(response.header("certgate-status")).isEqualTo("403.12 mapper-denied");
        assertThat(response.body()).contains("no-contractors");
    }

    @Test
    void mappingToADisabledAccountGets403_12() {
        assertThat(as("mallory", "/").code()).isEqualTo("403.12");
    }

    @Test
    void unmappedCertificateNeedsNoAccountWithoutARuleButGets403_12WithOne() {
        Curl.Response open = as("nobody", "/x");
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body()).doesNotContain("x-remote-user").contains("header x-client-cert-verify: SUCCESS");
        assertThat(as("nobody", "/admin/panel").code()).isEqualTo("403.12");
    }

    @Test
    void accessLogNamesTheAccount() throws Exception {
        as(World.VALID, "/admin/logged");
        Path log = world.dir().resolve("logs/access.log");
        assertThat(LogFiles.awaitMatch(log, "/admin/logged", Duration.ofSeconds(10)))
                .anyMatch(l -> l.matches(".* GET /admin/logged - \\d+ alice 127\\.0\\.0\\.1 .* 200 0 0 \\d+"));
    }

    @Test
    void explainTellsWhichMappingMatchedAndWhy() {
        Processes.Result allowed = CertgateProcess.run(world.dir(), "explain", "-c", "certgate.yaml",
                "--cert", "clients/sam.pem", "--host", "localhost", "--path", "/staff/x");
        assertThat(allowed.exitCode()).as(allowed.all()).isZero();
        assertThat(allowed.stdout())
                .contains("mapping:     many-to-one \"no-contractors\"")
                .contains("many-to-one \"sales-department\": its rule matched; allow as account \"sales\"")
                .contains("identity:    account \"sales\" (groups: staff)")
                .contains("decision:    allowed");
        Processes.Result refused = CertgateProcess.run(world.dir(), "explain", "-c", "certgate.yaml",
                "--cert", "clients/sam.pem", "--path", "/admin/panel");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stdout()).contains("answer:      401.3");
    }

    @Test
    void explainShowsThePathTheChecksTheRevocationSourceAndTheVerdictWhateverTheLocale() {
        // Under a Turkish default locale, "VALID".toLowerCase() is "valıd": the report must not depend on it.
        Processes.Result report = Processes.run(List.of("env", "CERTGATE_JAVA_OPTS=-Duser.language=tr -Duser.country=TR",
                CertgateProcess.launcher().toString(), "explain", "-c", "certgate.yaml",
                "--cert", "clients/sam.pem", "--path", "/staff/x"), world.dir(), null, 60);

        assertThat(report.exitCode()).as(report.all()).isZero();
        assertThat(report.stdout())
                .contains("path:        CN=sam")
                .contains("(3 certificates, trusted root last)")
                .contains("checks:      signatures, validity dates, basic constraints and path length, key usage,"
                        + " clientAuth purpose: passed")
                .contains("revocation:  crl:" + world.dir().resolve("pki/intermediate.crl"))
                .contains("verdict:     valid (ok): valid");
    }

    @Test
    void explainAtALaterTimeSeesTheCertificateExpired() {
        var alice = world.client(World.VALID).certificate();
        Processes.Result now = CertgateProcess.run(world.dir(), "explain", "-c", "certgate.yaml",
                "--cert", "clients/" + World.VALID + ".pem", "--path", "/admin/x");
        assertThat(now.exitCode()).as(now.all()).isZero();
        String afterExpiry = alice.getNotAfter().toInstant().plusSeconds(86_400).toString();
        Processes.Result later = CertgateProcess.run(world.dir(), "explain", "-c", "certgate.yaml",
                "--cert", "clients/" + World.VALID + ".pem", "--path", "/admin/x", "--at", afterExpiry);
        assertThat(later.exitCode()).isEqualTo(1);
        assertThat(later.stdout()).contains("certificate CN=alice expired at " + alice.getNotAfter().toInstant())
                .contains("answer:      403.17");
    }
}
