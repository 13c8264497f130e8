package io.certgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certgate.config.ConfigError;
import io.certgate.config.ConfigException;
import io.certgate.config.SiteConfig;
import io.certgate.pki.Credential;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes only compiling the mappings finds: they fail at load and name {@code file:line: key}. */
class MappingCompileErrorsTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static TestPki pki;
    static Credential alice;

    @TempDir
    Path dir;
    SiteYaml yaml;

    @BeforeAll
    static void mint() {
        pki = TestPki.create(NOW);
        alice = pki.client("alice").build();
    }

    @BeforeEach
    void writeSite() {
        yaml = SiteYaml.in(dir, pki);
        yaml.client("alice", alice);
    }

    private ConfigException compileFails(SiteConfig site) {
        return catchThrowableOfType(ConfigException.class, () -> CertificateMapper.compile(site));
    }

    @Test
    void sameCertificateMappedTwiceFailsAtTheSecondMapping() throws Exception {
        String sha256 = io.certgate.x509.Fingerprint.sha256(alice.certificate()).colonHex();
        SiteConfig site = yaml.load("""
                accounts:
                  alice: {}
                  admin: {}
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                  - sha256: "%s"
                    userName: admin
                """.formatted(sha256));

        ConfigException e = compileFails(site);

        assertThat(e.errors()).hasSize(1);
        ConfigError error = e.errors().get(0);
        assertThat(error.origin().file()).isEqualTo(yaml.config());
        assertThat(error.origin().line()).isEqualTo(yaml.lineOf("- sha256:"));
        assertThat(error.origin().key()).isEqualTo("sites[0].oneToOneMappings[1].sha256");
        assertThat(error.toString()).startsWith(yaml.config() + ":" + yaml.lineOf("- sha256:")
                + ": sites[0].oneToOneMappings[1].sha256: the same certificate (SHA-256 " + sha256 + ")"
                + " is already mapped by one-to-one mapping #1 at line " + yaml.lineOf("- certificate:"));
    }

    @Test
    void aSha256ThatIsNoFingerprintFailsAtItsKey() throws Exception {
        SiteConfig site = yaml.load("""
                accounts:
                  alice: {}
                oneToOneMappings:
                  - sha256: "AB:CD"
                    userName: alice
                """);

        ConfigException e = compileFails(site);

        assertThat(e.errors()).singleElement().hasToString(yaml.config() + ":" + yaml.lineOf("- sha256:")
                + ": sites[0].oneToOneMappings[0].sha256: expected a certificate file or a SHA-256 fingerprint"
                + " (64 hex digits, as openssl x509 -noout -fingerprint -sha256 prints)");
    }

    @Test
    void certificateFileThatIsNotACertificateFailsAtItsKey() throws Exception {
        yaml.file("clients/notes.pem", "this is not a certificate\n");
        SiteConfig site = yaml.load("""
                accounts:
                  alice: {}
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                  - certificate: clients/notes.pem
                    userName: alice
                """);

        ConfigException e = compileFails(site);

        assertThat(e.errors()).hasSize(1);
        ConfigError error = e.errors().get(0);
        assertThat(error.origin().line()).isEqualTo(yaml.lineOf("notes.pem"));
        assertThat(error.origin().key()).isEqualTo("sites[0].oneToOneMappings[1].certificate");
        assertThat(error.toString()).startsWith(yaml.config() + ":" + yaml.lineOf("notes.pem")
                + ": sites[0].oneToOneMappings[1].certificate: ").contains("notes.pem", "not a valid X.509 certificate");
    }

    @Test
    void certificateFileGoneSinceTheConfigWasReadFailsAtItsKey() throws Exception {
        SiteConfig site = yaml.load("""
                accounts:
                  alice: {}
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                """);
        Files.delete(dir.resolve("clients/alice.pem"));

        ConfigException e = compileFails(site);

        assertThat(e.getMessage()).startsWith(yaml.config() + ":" + yaml.lineOf("alice.pem")
                + ": sites[0].oneToOneMappings[0].certificate: ").contains("no such file");
    }

    @Test
    void everyMistakeIsReportedAtOnce() throws Exception {
        yaml.file("clients/empty.pem", "");
        yaml.file("clients/garbage.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        SiteConfig site = yaml.load("""
                accounts:
                  alice: {}
                oneToOneMappings:
                  - { certificate: clients/empty.pem, userName: alice }
                  - { certificate: clients/garbage.pem, userName: alice }
                """);

        ConfigException e = compileFails(site);

        assertThat(e.errors()).extracting(error -> error.origin().key()).containsExactly(
                "sites[0].oneToOneMappings[0].certificate", "sites[0].oneToOneMappings[1].certificate");
    }

    @Test
    void aPatternOfOnlyInvisibleCharactersFailsAtItsKey() throws Exception {
        SiteConfig site = yaml.load("""
                manyToOneMappings:
                  - name: nothing
                    permissionMode: deny
                    rules:
                      - { certificateField: subject, certificateSubField: OU, matchCriteria: "\u200b " }
                """);

        ConfigException e = compileFails(site);

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.origin().line()).isEqualTo(yaml.lineOf("certificateField: subject"));
            assertThat(error.origin().key()).isEqualTo("sites[0].manyToOneMappings[0].rules[0].matchCriteria");
            assertThat(error.message()).contains("only spaces and invisible characters");
        });
    }
}
