package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.Processes;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/certgate} as a user runs it: check, run, demo, exit codes (SPEC §2). */
class CommandLineIT {

    @TempDir
    Path dir;

    @Test
    void checkAcceptsAGoodConfigAndExits0() throws Exception {
        World.create(dir);
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", ""));
        Processes.Result result = CertgateProcess.run(dir, "check", "-c", "certgate.yaml");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("certgate.yaml: OK");
    }

    @Test
    void checkNamesFileLineAndKeyOfEveryMistakeAndExits2() throws Exception {
        World.create(dir);
        Files.writeString(dir.resolve("certgate.yaml"), """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/missing.key
                    clientCertificates:
                      mdoe: require
                      trustedRoots: [pki/root.pem]
                    locations:
                      - path: /
                        clientCertificates: { mode: requir }
                        root: www
                """);
        Processes.Result result = CertgateProcess.run(dir, "check", "-c", "certgate.yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .contains("certgate.yaml:6: sites[0].key: no such file")
                .contains("certgate.yaml:8: sites[0].clientCertificates.mdoe: unknown key; did you mean \"mode\"?")
                .contains("certgate.yaml:12: sites[0].locations[0].clientCertificates.mode: expected one of ignore,"
                        + " accept, require, got \"requir\"");
    }

    @Test
    void checkRefusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        World world = World.create(dir);
        world.client(World.VALID).writeKey(dir.resolve("tls/server.key"));
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", ""));
        Processes.Result result = CertgateProcess.run(dir, "check", "-c", "certgate.yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("certgate.yaml:6: sites[0].key").contains("does not belong to the certificate");
    }

    @Test
    void runServesUntilStoppedAndAnswersEveryOutcome() throws Exception {
        World world = World.create(dir);
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", """
                accessLog:
                  file: logs/access.log
                """));
        try (CertgateProcess certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml")) {
            int port = certgate.awaitListening();
            String url = "https://localhost:" + port + "/";
            assertThat(Curl.get(url).cacert(world.root()).cert(world.clientPem(World.VALID), world.clientKey(World.VALID))
                    .run().status()).isEqualTo(200);
            assertThat(Curl.get(url).cacert(world.root()).cert(world.clientPem(World.REVOKED), world.clientKey(World.REVOKED))
                    .run().code()).isEqualTo("403.13");
            // SIGTERM, as systemd and docker stop send it: the gateway says so, drains and ends on its own, exit 0.
            Processes.Result term = Processes.run(List.of("kill", "-TERM", Long.toString(certgate.pid())), null, null, 10);
            assertThat(term.exitCode()).as(term.all()).isZero();
            assertThat(certgate.awaitExit(60)).as(certgate.output()).isZero();
            assertThat(certgate.output()).contains("GracefulStop - stopping: ").contains("RunCommand - stopped");
        }
        List<String> log = Files.readAllLines(dir.resolve("logs/access.log"));
        assertThat(log).anyMatch(line -> line.startsWith("#Fields: date time s-ip cs-method cs-uri-stem"));
        assertThat(log).anyMatch(line -> line.matches(".* GET / - \\d+ - 127\\.0\\.0\\.1 curl/\\S+ - 200 0 0 \\d+"));
        // sc-win32-status: CRYPT_E_REVOKED, as IIS logs a revoked client certificate's 403.13
        assertThat(log).anyMatch(line -> line.matches(".* GET / - \\d+ - 127\\.0\\.0\\.1 curl/\\S+ - 403 13 2148081680 \\d+"));
    }

    @Test
    void runWithoutDashCReadsCertgateYamlInTheCurrentDirectory() throws Exception {
        World world = World.create(dir);
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", ""));
        try (CertgateProcess certgate = CertgateProcess.start(dir, "run")) {
            int port = certgate.awaitListening();
            assertThat(Curl.get("https://localhost:" + port + "/").cacert(world.root())
                    .cert(world.clientPem(World.VALID), world.clientKey(World.VALID)).run().status()).isEqualTo(200);
        }
    }

    @Test
    void runWithABrokenConfigExits2AndSaysWhere() throws Exception {
        Files.writeString(dir.resolve("certgate.yaml"), "listen: [ { address: nowhere } ]\nsites: []\n");
        Processes.Result result = CertgateProcess.run(dir, "run", "-c", "certgate.yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("certgate.yaml:1: listen[0].address: expected host:port");
    }

    @Test
    void portInUseIsAClearErrorWithExit1() throws Exception {
        World.create(dir);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Files.writeString(dir.resolve("certgate.yaml"),
                    World.standardConfig("", "").replace("127.0.0.1:0", "127.0.0.1:" + taken.getLocalPort()));
            Processes.Result result = CertgateProcess.run(dir, "run", "-c", "certgate.yaml");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("cannot listen on https://127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void demoPrintsACurlLinePerOutcomeAndEachGetsTheAnswerItAnnounces() {
        Path demoDir = dir.resolve("demo");
        try (CertgateProcess demo = CertgateProcess.start(dir, "demo", "--dir", demoDir.toString(), "--port", "0")) {
            demo.awaitLine(Pattern.compile("Press Ctrl-C to stop"), 60);
            List<String[]> expectations = new ArrayList<>();
            String[] lines = demo.output().split("\n");
            for (int i = 0; i < lines.length - 1; i++) {
                if (lines[i].startsWith("# expect ") && lines[i + 1].startsWith("curl ")) {
                    expectations.add(new String[] {lines[i].substring("# expect ".length()).split(":")[0], lines[i + 1]});
                }
            }
            assertThat(expectations).extracting(e -> e[0])
                    .containsExactlyInAnyOrder("200", "403.7", "403.13", "403.16", "403.17", "200");
            for (String[] expectation : expectations) {
                // Run the printed line exactly as a user pastes it, asking curl for the headers too.
                Processes.Result result = Processes.run(List.of("sh", "-c", expectation[1] + " -s -D - -o /dev/null"),
                        null, null, 30);
                String status = result.stdout().lines().filter(l -> l.toLowerCase().startsWith("certgate-status:"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim().split(" ")[0]).findFirst()
                        .orElseGet(() -> result.stdout().lines().findFirst().orElse("").split(" ")[1]);
                assertThat(status).as(expectation[1]).isEqualTo(expectation[0]);
            }
        }
    }

    @Test
    void versionAndUsageErrors() {
        Processes.Result version = CertgateProcess.run(dir, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("certgate ");
        assertThat(CertgateProcess.run(dir, "no-such-command").exitCode()).isEqualTo(2);
        assertThat(CertgateProcess.run(dir, "check").exitCode()).isEqualTo(2);
    }
}
