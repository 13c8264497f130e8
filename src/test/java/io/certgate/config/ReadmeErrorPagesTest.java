package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's {@code errors.pages} and {@code hsts} blocks load as written (issue 12). */
class ReadmeErrorPagesTest {

    @TempDir
    Path dir;

    private static List<String> yamlBlocks() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String block(String containing) throws Exception {
        return yamlBlocks().stream().filter(b -> b.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no README yaml block with " + containing));
    }

    @Test
    void errorsPagesBlockLoadsWithATemplateDirectory() throws Exception {
        ConfigFixture.mintFiles(dir);
        Files.createDirectories(dir.resolve("errors"));
        Files.writeString(dir.resolve("errors/403.7.html"), "<h1>{{code}} {{title}}</h1><ul>{{tryThis}}</ul>"
                + "<p>{{requestId}}</p>");

        GatewayConfig config = ConfigFixture.loadOneSite(dir, block("pages: errors/"));

        assertThat(config.errors().detail()).isEqualTo(ErrorDetail.DETAILED);
        assertThat(config.errors().template(403, 7)).isPresent();
    }

    @Test
    void hstsBlockGivesTheHeaderItsCommentShows() throws Exception {
        ConfigFixture.mintFiles(dir);
        String hsts = block("hsts:");
        String site = hsts.lines().filter(l -> l.contains("hsts:")).findFirst().orElseThrow();

        GatewayConfig config = ConfigFixture.loadOneSite(dir, site.replaceFirst("^\\s+", "    ") + "\n");

        assertThat(config.sites().get(0).hsts().orElseThrow().headerValue())
                .isEqualTo(site.substring(site.indexOf("Strict-Transport-Security: ") + 27).strip());
    }
}
