package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Processes;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/certgate import-iis} on a sample applicationHost.config written from Microsoft's
 * schema: the output is the checked-in golden file, and {@code certgate check} accepts it once
 * its placeholder files exist.
 */
class ImportIisIT {

    private static final Path SAMPLE = Path.of("src/test/resources/iis/applicationHost.config");
    private static final Path GOLDEN = Path.of("src/test/resources/iis/applicationHost.certgate.yaml");
    private static final Pattern PLACEHOLDER = Pattern.compile("(certificate|key|root|file): \"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void importPrintsTheGoldenConfigAndWarnsOnStderr() throws Exception {
        Files.copy(SAMPLE, dir.resolve("applicationHost.config"));
        Processes.Result result = CertgateProcess.run(dir, "import-iis", "applicationHost.config");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).isEqualTo(Files.readString(GOLDEN));
        assertThat(result.stderr())
                .contains("WARNING the password of \"CONTOSO\\\\alice\" was not copied")
                .contains("many-to-one mapping \"Sales\" (line 75) allows on subject fields alone: a weak mapping")
                .contains("many-to-one mapping \"Serial numbers\" (line 81) not converted")
                .contains("the upn form is weak")
                .contains("becomes a directoryMapping through the directory \"corp\": fill in its url, bindDn, baseDn");
        // The encrypted password blobs of the sample never reach the output.
        assertThat(result.stdout()).doesNotContain("AesProvider");
        // The one line that says password is the directory stub's, naming a file to fill in.
        assertThat(result.stdout().lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("password")))
                .containsExactly("    bindPassword: { file: \"secrets/ldap.pw\" }   # FILL IN: a file holding its password");
    }

    @Test
    void checkAcceptsTheGoldenConfigOnceItsPlaceholdersExist() throws Exception {
        World.create(dir);
        String yaml = Files.readString(GOLDEN);
        Files.writeString(dir.resolve("certgate.yaml"), yaml);
        Matcher m = PLACEHOLDER.matcher(yaml);
        while (m.find()) {
            Path target = dir.resolve(m.group(2));
            switch (m.group(1)) {
                case "root" -> Files.createDirectories(target);
                case "file" -> copy(Files.writeString(dir.resolve("bind-password"), "the directory's bind password\n"),
                        target);
                case "certificate" -> copy(dir.resolve("tls/server.pem"), target);
                default -> copy(dir.resolve("tls/server.key"), target);
            }
        }
        copy(dir.resolve("pki/root.pem"), dir.resolve("ca/client-roots.pem"));
        Processes.Result result = CertgateProcess.run(dir, "check", "-c", "certgate.yaml");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("certgate.yaml: OK (2 site(s), 2 listener(s))");
    }

    @Test
    void checkOnTheOutputAsPrintedNamesThePlaceholdersToFillIn() throws Exception {
        World.create(dir);
        String yaml = Files.readString(GOLDEN);
        Files.writeString(dir.resolve("certgate.yaml"), yaml);
        Processes.Result result = CertgateProcess.run(dir, "check", "-c", "certgate.yaml");
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        // The directory stub's password file is named with its line, as the certificate placeholders are.
        int line = yaml.lines().toList().indexOf(yaml.lines().filter(l -> l.contains("bindPassword:")).findFirst()
                .orElseThrow()) + 1;
        assertThat(result.all()).contains("certgate.yaml:" + line + ":").contains("secrets/ldap.pw")
                .contains("tls/default-web-site.pem");
    }

    @Test
    void aFileThatIsNotAnApplicationHostConfigIsExit2WithAReason() throws Exception {
        Files.writeString(dir.resolve("web.config"), "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
        Processes.Result result = CertgateProcess.run(dir, "import-iis", "web.config");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("web.config: not well-formed XML").doesNotContain("root:");
        assertThat(result.stdout()).isEmpty();
    }

    private static void copy(Path from, Path to) throws Exception {
        if (!Files.exists(to)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
