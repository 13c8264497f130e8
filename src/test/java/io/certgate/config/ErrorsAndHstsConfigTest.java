package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code errors: { detail, pages }} and a site's {@code hsts:} (issue 12). */
class ErrorsAndHstsConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() {
        ConfigFixture.mintFiles(dir);
    }

    private List<String> errorsOf(String extra) {
        try {
            ConfigFixture.loadOneSite(dir, extra);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    @Test
    void internalIsALevelOfDetail() throws Exception {
        assertThat(ConfigFixture.loadOneSite(dir, "errors:\n  detail: internal\n").errors().detail())
                .isEqualTo(ErrorDetail.INTERNAL);
        assertThat(ConfigFixture.loadOneSite(dir, "").errors()).isEqualTo(ErrorsConfig.DEFAULTS);
    }

    @Test
    void pagesAreReadByStatusAndSubstatusMostSpecificFirst() throws Exception {
        Path pages = Files.createDirectories(dir.resolve("pages"));
        Files.writeString(pages.resolve("403.7.html"), "<p>seven {{requestId}}</p>");
        Files.writeString(pages.resolve("403.html"), "<p>any 403 {{ code }}</p>");
        Files.writeString(pages.resolve("502.html"), "<p>backend</p>");

        ErrorsConfig errors = ConfigFixture.loadOneSite(dir, "errors:\n  pages: pages\n").errors();

        assertThat(errors.template(403, 7)).contains("<p>seven {{requestId}}</p>");
        assertThat(errors.template(403, 16)).contains("<p>any 403 {{ code }}</p>");
        assertThat(errors.template(502, 0)).contains("<p>backend</p>");
        assertThat(errors.template(404, 0)).isEmpty();
        assertThat(errors.pages().orElseThrow().directory()).isEqualTo(pages);
    }

    @Test
    void aMisnamedPageOrAnUnknownPlaceholderIsRefusedWithItsFileAndLine() throws Exception {
        Path pages = Files.createDirectories(dir.resolve("pages"));
        Files.writeString(pages.resolve("403-7.html"), "x");
        Files.writeString(pages.resolve("403.13.html"), "<html>\n<p>{{status}}</p>\n<p>{{requestID}}</p>\n");

        assertThat(errorsOf("errors:\n  pages: pages\n")).containsExactlyInAnyOrder(
                pages.resolve("403-7.html") + ":1: errors.pages: an error page is named STATUS.html or"
                        + " STATUS.SUBSTATUS.html, such as 403.html or 403.7.html; got \"403-7.html\"",
                pages.resolve("403.13.html") + ":3: errors.pages: unknown placeholder {{requestID}}; known: {{status}},"
                        + " {{substatus}}, {{code}}, {{reason}}, {{title}}, {{summary}}, {{detail}}, {{likelyCauses}},"
                        + " {{tryThis}}, {{requestId}}, {{time}}");
    }

    @Test
    void pagesMustBeAnExistingDirectory() {
        assertThat(errorsOf("errors:\n  pages: nowhere\n")).containsExactly(
                dir.resolve("certgate.yaml") + ":9: errors.pages: no such directory: " + dir.resolve("nowhere"));
    }

    @Test
    void fillReplacesKnownPlaceholdersOnly() {
        assertThat(ErrorPagesConfig.fill("a {{status}} b {{ reason }} c {{other}} {{", name -> "<" + name + ">"))
                .isEqualTo("a <status> b <reason> c {{other}} {{");
    }

    @Test
    void hstsBindsMaxAgeAndIncludeSubDomains() throws Exception {
        SiteConfig site = ConfigFixture.loadOneSite(dir, "    hsts: { maxAge: 180d, includeSubDomains: false }\n")
                .sites().get(0);

        assertThat(site.hsts()).contains(new HstsConfig(Duration.ofDays(180), false, false));
        assertThat(site.hsts().orElseThrow().headerValue()).isEqualTo("max-age=15552000");
        assertThat(new HstsConfig(Duration.ofDays(365), true, true).headerValue())
                .isEqualTo("max-age=31536000; includeSubDomains; preload");
        assertThat(ConfigFixture.loadOneSite(dir, "").sites().get(0).hsts()).isEqualTo(Optional.empty());
    }

    @Test
    void hstsMistakesNameTheKey() {
        Path file = dir.resolve("certgate.yaml");
        assertThat(errorsOf("    hsts: { includeSubDomains: true }\n")).containsExactly(
                file + ":8: sites[0].hsts.maxAge: required: how long browsers keep to HTTPS, such as 180d"
                        + " (0s tells them to forget)");
        assertThat(errorsOf("    hsts: { maxAge: forever }\n")).containsExactly(
                file + ":8: sites[0].hsts.maxAge: expected a duration such as 500ms, 30s, 10m, 1h or 1d, got \"forever\"");
        assertThat(errorsOf("    hsts: { maxAge: 180d, preload: true }\n")).containsExactly(
                file + ":8: sites[0].hsts.preload: the browsers' preload lists take only maxAge: 365d with"
                        + " includeSubDomains: true");
        assertThat(errorsOf("    hsts: { maxAge: 1d, maxage: 2d }\n")).hasSize(1)
                .allMatch(e -> e.contains("sites[0].hsts.maxage: unknown key"));
    }

    @Test
    void malformedPagesDirectoryValueIsNotAccepted() {
        assertThatThrownBy(() -> ConfigFixture.loadOneSite(dir, "errors:\n  pages: [a, b]\n"))
                .isInstanceOf(ConfigException.class);
    }
}
