package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML syntax errors name the line SnakeYAML stopped at (the line to fix), not the line of the
 * last token Jackson read before it, which is often the one above.
 */
class YamlSyntaxErrorsTest {

    private static final String HEAD = """
            listen:
              - address: 127.0.0.1:8443
            sites:
            """;

    @TempDir
    Path dir;

    private ConfigError onlyError(String sites) throws Exception {
        Path file = dir.resolve("certgate.yaml");
        Files.writeString(file, HEAD + sites);
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(file), ConfigException.class);
        assertThat(e).isNotNull();
        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0).toString()).as("one line").doesNotContain("\n");
        return e.errors().get(0);
    }

    @Test
    void aKeyIndentedTooFarIsReportedOnItsOwnLine() throws Exception {
        ConfigError error = onlyError("""
                  - hosts: [localhost]
                     certificate: tls/server.pem
                    key: tls/server.key
                """);

        assertThat(error.origin().line()).isEqualTo(5);
        assertThat(error.message()).contains("column 6");
    }

    @Test
    void aTabIsReportedOnItsOwnLine() throws Exception {
        ConfigError error = onlyError("  - hosts: [localhost]\n\tcertificate: tls/server.pem\n    key: tls/server.key\n");

        assertThat(error.origin().line()).isEqualTo(5);
        assertThat(error.message()).contains("TAB");
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() throws Exception {
        ConfigError error = onlyError("""
                  - hosts: [localhost]
                    certificate: "tls/server.pem
                    key: tls/server.key
                    locations: [ { path: /, root: www } ]
                """);

        assertThat(error.origin().line()).isEqualTo(5);
        assertThat(error.message()).contains("never closed").contains("column 18");
    }

    @Test
    void anUnclosedBracketIsReportedWhereTheParserGaveUp() throws Exception {
        ConfigError error = onlyError("""
                  - hosts: [localhost
                    certificate: tls/server.pem
                """);

        assertThat(error.origin().line()).isEqualTo(5);
        assertThat(error.message()).contains("began on line 4");
    }

    @Test
    void aKeyIndentedTooLittleIsReportedOnItsOwnLine() throws Exception {
        ConfigError error = onlyError("""
                  - hosts: [localhost]
                    certificate: tls/server.pem
                  key: tls/server.key
                """);

        assertThat(error.origin().line()).isEqualTo(6);
    }

    @Test
    void aDuplicateKeyIsReportedAtItsSecondLine() throws Exception {
        ConfigError error = onlyError("""
                  - hosts: [localhost]
                    certificate: tls/server.pem
                    certificate: tls/other.pem
                """);

        assertThat(error.origin().line()).isEqualTo(6);
        assertThat(error.message()).contains("first on line 5");
    }
}
