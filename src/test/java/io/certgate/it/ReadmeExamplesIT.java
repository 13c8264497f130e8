package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands and configuration work as written: its {@code certgate pki} commands run
 * (with the real {@code bin/certgate}) in an empty directory, then its example configuration and
 * each top-level YAML block it shows pass {@code certgate check} against what they wrote.
 */
class ReadmeExamplesIT {

    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private String readme;

    @BeforeEach
    void read() throws IOException {
        readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    /** The text of a {@code ## heading} section, up to the next {@code ## }. */
    private String section(String heading) {
        int start = readme.indexOf("\n## " + heading);
        assertThat(start).as("README has a section \"%s\"", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + 4);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static List<String> blocks(String text, String language) {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(language)) {
                blocks.add(m.group(2));
            }
        }
        return blocks;
    }

    /** Runs one README command line as a shell would, with {@code certgate} being bin/certgate. */
    private Processes.Result shell(String line) {
        String script = "certgate() { \"" + CertgateProcess.launcher() + "\" \"$@\"; }\n" + line;
        return Processes.run(List.of("bash", "-c", script), dir, null, 120);
    }

    private void runAll(String block) {
        for (String line : block.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Processes.Result result = shell(line);
            assertThat(result.exitCode()).as("README command: %s%n%s", line, result.all()).isZero();
        }
    }

    /** The README's pki commands, then its own check block (mkdir, check) on the example config. */
    @Test
    void theExampleConfigurationPassesCheckAgainstWhatThePkiCommandsWrite() throws IOException {
        List<String> pki = blocks(section("A CA for trying things out"), "sh");
        assertThat(pki).as("the pki section's commands").isNotEmpty();
        runAll(pki.get(0));
        assertThat(dir.resolve("pki/crl.pem")).exists();
        assertThat(dir.resolve("clients/bob-expired.pem")).exists();

        String configuration = section("Configuration");
        Files.writeString(dir.resolve("certgate.yaml"), blocks(configuration, "yaml").get(0));
        List<String> check = blocks(configuration, "sh");
        assertThat(check).as("the configuration section's check command").isNotEmpty();
        assertThat(check.get(0)).contains("certgate check -c certgate.yaml");
        runAll(check.get(0));
        Files.createDirectories(dir.resolve("errors")); // the errors.pages block names a directory of templates
        // The directories block names the LDAP server's CA and a bind password file, as an administrator has them.
        Files.createDirectories(dir.resolve("ca"));
        Files.copy(dir.resolve("pki/root.pem"), dir.resolve("ca/ldap-root.pem"));
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/ldap.pw"), "not-a-real-password\n");
        // The https backend block names the backend's CA and certgate's own client certificate.
        Files.copy(dir.resolve("pki/root.pem"), dir.resolve("ca/backend-root.pem"));
        Files.copy(dir.resolve("clients/alice.pem"), dir.resolve("tls/gateway-client.pem"));
        Files.copy(dir.resolve("clients/alice.key"), dir.resolve("tls/gateway-client.key"));

        // Every top-level YAML block elsewhere in the README, put in place of the same keys of the example.
        Map<String, String> example = topLevel(blocks(configuration, "yaml").get(0));
        int checked = 0;
        for (String block : blocks(readme, "yaml")) {
            if (block.startsWith(" ") || block.equals(blocks(configuration, "yaml").get(0))) {
                continue; // a fragment of a site (indented), or the example itself
            }
            Map<String, String> merged = new LinkedHashMap<>(example);
            Map<String, String> given = topLevel(block);
            if (given.containsKey("sites") && !given.get("sites").contains("\n    certificate: ")) {
                // A site setting shown on a site of its own (no certificate): put it into the example's site.
                merged.put("sites", intoExampleSite(example.get("sites"), given.remove("sites")));
            }
            merged.putAll(given);
            Files.writeString(dir.resolve("certgate.yaml"), String.join("", merged.values()));
            Processes.Result result = CertgateProcess.run(dir, "check", "-c", "certgate.yaml");
            assertThat(result.exitCode()).as("README block:%n%s%n%s", block, result.all()).isZero();
            checked++;
        }
        assertThat(checked).as("top-level blocks besides the example").isGreaterThanOrEqualTo(3);
    }

    /** The fleet section's rotation commands: the current key moves to second place, a new one comes first. */
    @Test
    void theTicketKeyRotationCommandsKeepTheCurrentKeyAsThePreviousOne() throws IOException {
        List<String> pki = blocks(section("A CA for trying things out"), "sh");
        runAll(String.join("\n", pki.get(0).lines().filter(line -> line.contains("ticket-key")).toList()));
        byte[] current = Files.readAllBytes(dir.resolve("keys/current.key"));
        assertThat(current).hasSize(80);

        List<String> rotation = blocks(section("A fleet"), "sh");
        assertThat(rotation).as("the fleet section's rotation commands").isNotEmpty();
        runAll(rotation.get(0));

        assertThat(Files.readAllBytes(dir.resolve("keys/previous.key"))).isEqualTo(current);
        assertThat(Files.readAllBytes(dir.resolve("keys/current.key"))).hasSize(80).isNotEqualTo(current);
        assertThat(dir.resolve("keys/next.key")).doesNotExist();
    }

    /** The example's {@code sites:} with the settings of a README site (all but its hosts) added after its key. */
    private static String intoExampleSite(String exampleSites, String readmeSites) {
        StringBuilder settings = new StringBuilder();
        for (String line : readmeSites.split("\n")) {
            if (line.startsWith("    ") && !line.trim().startsWith("#")) {
                settings.append(line).append('\n');
            }
        }
        int key = exampleSites.indexOf("\n    key: ");
        int end = exampleSites.indexOf('\n', key + 1) + 1;
        return exampleSites.substring(0, end) + settings + exampleSites.substring(end);
    }

    /** A YAML document cut at its top-level keys (lines that start at column 0), each with the lines under it. */
    private static Map<String, String> topLevel(String yaml) {
        Map<String, String> keys = new LinkedHashMap<>();
        String key = null;
        StringBuilder chunk = new StringBuilder();
        for (String line : yaml.split("\n", -1)) {
            if (!line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#") && line.contains(":")) {
                if (key != null) {
                    keys.put(key, chunk.toString());
                }
                key = line.substring(0, line.indexOf(':'));
                chunk = new StringBuilder();
            }
            chunk.append(line).append('\n');
        }
        if (key != null) {
            keys.put(key, chunk.toString());
        }
        return keys;
    }
}
