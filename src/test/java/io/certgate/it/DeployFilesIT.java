package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit and the Dockerfile in {@code deploy/}: the unit is accepted by systemd's own
 * checker and carries the settings certgate's signals and stop need; the Dockerfile copies what
 * the build makes to where its ENTRYPOINT and the Kubernetes Deployment expect it. No Docker
 * engine runs here, so the image itself is not built.
 */
class DeployFilesIT {

    private static final Path REPO = CertgateProcess.launcher().getParent().getParent();
    private static final Path UNIT = REPO.resolve("deploy/systemd/certgate.service");
    private static final Path DOCKERFILE = REPO.resolve("deploy/Dockerfile");

    @TempDir
    Path dir;

    @Test
    void theUnitRunsAsItsOwnUserWithTheSignalsAndLimitsCertgateNeeds() throws IOException {
        Map<String, List<String>> service = section(Files.readAllLines(UNIT), "Service");

        assertThat(service.get("User")).containsExactly("certgate");
        assertThat(service).doesNotContainKey("DynamicUser");
        assertThat(service.get("ExecStart")).containsExactly("/opt/certgate/bin/certgate run --config /etc/certgate/certgate.yaml");
        assertThat(service.get("ExecReload")).containsExactly("/bin/kill -HUP $MAINPID");
        assertThat(service.get("KillSignal")).containsExactly("SIGTERM");
        // Longer than shutdown.drainDelay (5 s) + shutdown.timeout (30 s), their defaults.
        assertThat(Integer.parseInt(service.get("TimeoutStopSec").get(0))).isGreaterThan(5 + 30);
        assertThat(service.get("Restart")).containsExactly("on-failure");
        assertThat(service.get("ProtectSystem")).containsExactly("strict");
        assertThat(service.get("ReadWritePaths")).containsExactly("/var/log/certgate");
        assertThat(service.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(service.get("PrivateTmp")).containsExactly("yes");
        assertThat(service.get("ProtectHome")).containsExactly("yes");
        assertThat(service.get("AmbientCapabilities")).containsExactly("CAP_NET_BIND_SERVICE");
        assertThat(service.get("CapabilityBoundingSet")).containsExactly("CAP_NET_BIND_SERVICE");
        assertThat(service).containsKey("LimitNOFILE");
        // The JIT writes and runs code; this would kill the JVM.
        assertThat(service).doesNotContainKey("MemoryDenyWriteExecute");
    }

    @Test
    void systemdAnalyzeVerifyHasNothingToSayAboutTheUnit() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        // verify also checks that ExecStart's program exists: point it at this checkout's launcher.
        Path unit = dir.resolve("certgate.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/opt/certgate/bin/certgate", CertgateProcess.launcher().toString()));

        Processes.Result verify = Processes.run(List.of("systemd-analyze", "verify", "--man=no", unit.toString()), dir, null, 60);

        // It reports a misspelt key or a bad value on stderr but still exits 0, so silence is the test.
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.all()).isEmpty();
    }

    @Test
    void theImageHoldsTheLauncherAndTheJarItRunsWhereTheEntrypointLooks() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(1)).isEqualTo("FROM eclipse-temurin:17-jre");
        List<String> finalStage = lines.subList(lines.indexOf(froms.get(1)), lines.size());

        Map<String, String> copied = new LinkedHashMap<>(); // destination -> source in the repository (after the build)
        for (String line : finalStage) {
            if (line.startsWith("COPY ")) {
                String[] words = line.split(" ");
                String source = words[words.length - 2];
                copied.put(words[words.length - 1], line.contains("--from=build") ? source.replace("/src/", "") : source);
            }
        }
        assertThat(copied).containsEntry("/opt/certgate/bin/certgate", "bin/certgate")
                .containsEntry("/opt/certgate/target/certgate-all.jar", "target/certgate-all.jar");
        copied.values().forEach(source -> assertThat(REPO.resolve(source)).as(source + " exists after mvn package").exists());

        assertThat(finalStage).contains("ENTRYPOINT [\"/opt/certgate/bin/certgate\"]",
                "CMD [\"run\", \"--config\", \"/etc/certgate/config/certgate.yaml\"]", "EXPOSE 8443 9443");
        String user = finalStage.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow();
        assertThat(user).as("matches the Deployment's runAsUser").isEqualTo("USER 10001:10001");
        // What the .dockerignore lets into the build context is what the COPY lines take.
        assertThat(Files.readAllLines(REPO.resolve("deploy/Dockerfile.dockerignore")))
                .contains("!pom.xml", "!src/", "!bin/certgate");
    }

    /** The keys of one [section] of a unit file, each with its values in order (keys may repeat). */
    private static Map<String, List<String>> section(List<String> lines, String name) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[")) {
                inside = trimmed.equals("[" + name + "]");
            } else if (inside && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int equals = trimmed.indexOf('=');
                keys.computeIfAbsent(trimmed.substring(0, equals), k -> new ArrayList<>()).add(trimmed.substring(equals + 1));
            }
        }
        return keys;
    }
}
