package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ConfigLoader;
import io.certgate.config.GatewayConfig;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one line a reload logs: what changed, in the configuration's own words. */
class ConfigChangesTest {

    @TempDir
    Path dir;
    private GatewayConfig before;

    @BeforeEach
    void loadTheStandardConfig() throws Exception {
        World.create(dir);
        before = load(World.standardConfig("", ""));
    }

    private GatewayConfig load(String yaml) throws Exception {
        Path file = dir.resolve("certgate.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file);
    }

    @Test
    void sameConfigSameFilesIsNoChangesEvenWhenLinesMoved() throws Exception {
        GatewayConfig shifted = load("# a comment moves every line down\n\n" + World.standardConfig("", ""));
        assertThat(ConfigChanges.describe(before, shifted, Set.of())).isEqualTo("no changes");
    }

    @Test
    void ticketKeyFilesAreWatchedAndARotationIsNamed() throws Exception {
        for (String key : new String[] {"keys/a.key", "keys/b.key"}) {
            io.certgate.tls.tickets.TicketKeyFile.write(dir.resolve(key), false, new java.security.SecureRandom());
        }
        String tickets = "tls:\n  sessionTickets:\n    keyFiles: [keys/a.key, keys/b.key]\n";
        GatewayConfig withKeys = load(World.standardConfig("", tickets));
        assertThat(ConfigChanges.files(withKeys)).contains(dir.resolve("keys/a.key"), dir.resolve("keys/b.key"));

        assertThat(ConfigChanges.describe(withKeys, withKeys, Set.of(dir.resolve("keys/a.key"))))
                .as("a key file swapped on disk").isEqualTo("tls.sessionTickets changed");
        GatewayConfig rotated = load(World.standardConfig("", tickets.replace("[keys/a.key, keys/b.key]", "[keys/b.key, keys/a.key]")
                + "shutdown:\n  drainDelay: 1s\n"));
        assertThat(ConfigChanges.describe(withKeys, rotated, Set.of()))
                .isEqualTo("tls.sessionTickets changed; shutdown changed");
        assertThat(ConfigChanges.describe(before, withKeys, Set.of())).isEqualTo("tls.sessionTickets changed");
    }

    @Test
    void aFileChangedOnDiskNamesTheKeyThatNamesIt() {
        String changes = ConfigChanges.describe(before, before,
                Set.of(dir.resolve("pki/intermediate.crl"), dir.resolve("tls/server.pem")));
        assertThat(changes).isEqualTo("site localhost: certificate, crlFiles changed");
    }

    @Test
    void changedSettingsAddedAndRemovedSitesAndTopLevelKeys() throws Exception {
        World.create(dir).write("app/index.html", "app");
        GatewayConfig after = load(World.standardConfig("", """
                errors:
                  detail: terse
                """).replace("mode: require", "mode: accept").replace("crlFiles: [pki/intermediate.crl, pki/root.crl]",
                "crlFiles: [pki/intermediate.crl]").replace("hosts: [\"localhost\"]", "hosts: [\"localhost\", \"www.example\"]"));
        assertThat(ConfigChanges.describe(before, after, Set.of()))
                .isEqualTo("site localhost: hosts, mode, crlFiles, locations changed; errors.detail changed");

        GatewayConfig renamed = load(World.standardConfig("", "").replace("hosts: [\"localhost\"]", "hosts: [\"app.example\"]"));
        assertThat(ConfigChanges.describe(before, renamed, Set.of()))
                .isEqualTo("site app.example added; site localhost removed");
    }

    @Test
    void listenersAndTheTlsProviderNeedARestart() throws Exception {
        GatewayConfig after = load(World.standardConfig("", """
                tls:
                  provider: jdk
                """).replace("  - address: 127.0.0.1:0\n", "  - address: 127.0.0.1:0\n  - address: 127.0.0.1:0\n    redirectToHttps: true\n"));
        String changes = ConfigChanges.describe(before, after, Set.of());
        assertThat(changes).isEqualTo("listen addresses need a restart; tls.provider needs a restart");
        assertThat(ConfigChanges.needsRestart(before, after)).isTrue();
        assertThat(ConfigChanges.needsRestart(before, before)).isFalse();
    }
}
