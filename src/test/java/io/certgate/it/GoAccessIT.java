package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.LogFiles;
import io.certgate.testing.Processes;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GoAccess's W3C preset reads the default access log of {@code bin/certgate} unchanged: every line
 * parses, and its report counts each status as often as the test got it.
 */
class GoAccessIT {

    @TempDir
    Path dir;

    private static boolean goaccessInstalled() {
        try {
            return Processes.run(List.of("goaccess", "--version"), null, null, 30).exitCode() == 0;
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    @Test
    void goaccessW3cPresetCountsWhatWasSent() throws Exception {
        boolean installed = goaccessInstalled();
        if (!installed && System.getenv("CI") != null) {
            throw new AssertionError("goaccess is not installed: .ci/run installs it (apt-get install goaccess)");
        }
        Assumptions.assumeTrue(installed, "goaccess is not installed here (apt-get install goaccess); .ci/run installs it");
        World world = World.create(dir);
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", """
                accessLog:
                  file: logs/access.log
                """));
        Map<Integer, Integer> sent = new TreeMap<>();
        List<String> codes = new ArrayList<>();
        try (CertgateProcess certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml")) {
            String base = "https://localhost:" + certgate.awaitListening();
            record(sent, codes, 5, Curl.get(base + "/").cacert(world.root())
                    .cert(world.clientPem(World.VALID), world.clientKey(World.VALID)));
            // A browser's User-Agent and a Referer with spaces: IIS writes them with '+'.
            record(sent, codes, 1, Curl.get(base + "/?q=a%20b").cacert(world.root())
                    .cert(world.clientPem(World.VALID), world.clientKey(World.VALID))
                    .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
                    .header("Referer", "https://localhost/start page"));
            record(sent, codes, 3, Curl.get(base + "/").cacert(world.root()));
            record(sent, codes, 2, Curl.get(base + "/missing.html").cacert(world.root())
                    .cert(world.clientPem(World.VALID), world.clientKey(World.VALID)));
            record(sent, codes, 2, Curl.get(base + "/").cacert(world.root())
                    .cert(world.clientPem(World.EXPIRED), world.clientKey(World.EXPIRED)));
            record(sent, codes, 1, Curl.get(base + "/").cacert(world.root())
                    .cert(world.clientPem(World.UNTRUSTED), world.clientKey(World.UNTRUSTED)));
            int total = sent.values().stream().mapToInt(Integer::intValue).sum();
            LogFiles.awaitLines(dir.resolve("logs/access.log"),
                    lines -> lines.stream().filter(l -> !l.startsWith("#")).count() >= total, Duration.ofSeconds(10));
        }
        assertThat(codes).as("the mix the test meant to send")
                .contains("200", "403.7", "404", "403.17", "403.16");

        Processes.Result goaccess = Processes.run(List.of("goaccess", "logs/access.log", "--log-format=W3C",
                "-o", "report.json"), dir, null, 60);
        assertThat(goaccess.exitCode()).as(goaccess.all()).isZero();

        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        int total = sent.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(report.at("/general/total_requests").asInt()).isEqualTo(total);
        assertThat(report.at("/general/valid_requests").asInt()).as("every line parsed").isEqualTo(total);
        assertThat(report.at("/general/failed_requests").asInt()).isZero();
        Map<Integer, Integer> counted = new TreeMap<>();
        for (JsonNode group : report.at("/status_codes/data")) {
            for (JsonNode item : group.get("items")) {
                // "403 - Forbidden: ..."
                counted.put(Integer.parseInt(item.get("data").asText().substring(0, 3)), item.at("/hits/count").asInt());
            }
        }
        System.out.println("GoAccess status counts " + counted + ", sent " + sent + " (" + codes + ")");
        assertThat(counted).isEqualTo(sent);
    }

    /** Sends the request {@code times} times, counting the status each answer had. */
    private static void record(Map<Integer, Integer> sent, List<String> codes, int times, Curl request) {
        for (int i = 0; i < times; i++) {
            Curl.Response response = request.run();
            sent.merge(response.status(), 1, Integer::sum);
            codes.add(response.code());
        }
    }
}
