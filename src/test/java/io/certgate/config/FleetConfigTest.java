package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.server.RuntimeBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls.sessionTickets} and {@code shutdown}: defaults, every key read, and each mistake at the
 * line of the key (or of the key file) that is wrong, as {@code certgate check} prints it.
 */
class FleetConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        ConfigFixture.mintFiles(dir);
        Files.createDirectories(dir.resolve("keys"));
        Files.write(dir.resolve("keys/current.key"), new byte[80]);
        byte[] other = new byte[80];
        other[0] = 1;
        Files.write(dir.resolve("keys/previous.key"), other);
    }

    private GatewayConfig load(String extra) throws Exception {
        return ConfigFixture.loadOneSite(dir, extra);
    }

    /** What {@code certgate check} runs after loading: every file read, with BoringSSL. */
    private void check(String extra) throws Exception {
        new RuntimeBuilder(SslProvider.OPENSSL, Runnable::run, Clock.systemUTC(), "test").check(load(extra));
    }

    @Test
    void withoutTheBlocksThereAreNoSharedKeysAndTheStopHasItsDefaults() throws Exception {
        GatewayConfig config = load("");
        assertThat(config.sessionTickets()).isEmpty();
        assertThat(config.shutdown()).isEqualTo(new ShutdownConfig(Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    @Test
    void keyFilesAreReadInOrderEachWithItsLine() throws Exception {
        SessionTicketsConfig tickets = load("""
                tls:
                  sessionTickets:
                    keyFiles:
                      - keys/current.key
                      - keys/previous.key
                """).sessionTickets().orElseThrow();

        assertThat(tickets.keyFiles()).extracting(FileRef::path)
                .containsExactly(dir.resolve("keys/current.key"), dir.resolve("keys/previous.key"));
        assertThat(tickets.keyFiles()).extracting(ref -> ref.origin().line()).containsExactly(11, 12);
        check("tls:\n  sessionTickets:\n    keyFiles: [keys/current.key, keys/previous.key]\n");
    }

    @Test
    void shutdownReadsBothDurationsAndAcceptsZero() throws Exception {
        assertThat(load("shutdown:\n  drainDelay: 300ms\n  timeout: 0s\n").shutdown())
                .isEqualTo(new ShutdownConfig(Duration.ofMillis(300), Duration.ZERO));
    }

    @Test
    void aKeyFileOfTheWrongSizeIsACheckErrorAtItsLine() throws Exception {
        Files.write(dir.resolve("keys/previous.key"), new byte[64]);

        assertThatThrownBy(() -> check("""
                tls:
                  sessionTickets:
                    keyFiles:
                      - keys/current.key
                      - keys/previous.key
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("certgate.yaml:12: tls.sessionTickets.keyFiles[1]: ")
                .hasMessageContaining("previous.key is 64 bytes; a ticket key file is 80 bytes");
    }

    @Test
    void theSameKeyInTwoFilesIsACheckError() throws Exception {
        Files.copy(dir.resolve("keys/current.key"), dir.resolve("keys/copy.key"));

        assertThatThrownBy(() -> check("tls:\n  sessionTickets:\n    keyFiles: [keys/current.key, keys/copy.key]\n"))
                .hasMessageContaining("copy.key holds the same key as")
                .hasMessageContaining("each file must hold a different key");
    }

    @Test
    void mistakesNameFileLineAndKey() {
        assertThatThrownBy(() -> load("tls:\n  sessionTickets:\n    keyFiles: [keys/missing.key]\n"))
                .hasMessageContaining("certgate.yaml:10: tls.sessionTickets.keyFiles[0]: no such file:");
        assertThatThrownBy(() -> load("tls:\n  sessionTickets: {}\n"))
                .hasMessageContaining("tls.sessionTickets.keyFiles: required");
        assertThatThrownBy(() -> load("tls:\n  sessionTickets:\n    keyFile: [keys/current.key]\n"))
                .hasMessageContaining("tls.sessionTickets.keyFile: unknown key; did you mean \"keyFiles\"?");
        assertThatThrownBy(() -> load("tls:\n  provider: jdk\n  sessionTickets:\n    keyFiles: [keys/current.key]\n"))
                .hasMessageContaining("certgate.yaml:11: tls.sessionTickets.keyFiles: shared session ticket keys need the"
                        + " BoringSSL provider; tls.provider is jdk");
        assertThatThrownBy(() -> load("shutdown:\n  drainDelay: soon\n"))
                .hasMessageContaining("certgate.yaml:9: shutdown.drainDelay: expected a duration");
        assertThatThrownBy(() -> load("shutdown:\n  grace: 5s\n"))
                .hasMessageContaining("shutdown.grace: unknown key");
    }

    @Test
    void withTheJdksTlsFromAutoTheKeysAreACheckError() throws Exception {
        GatewayConfig config = load("tls:\n  sessionTickets:\n    keyFiles: [keys/current.key]\n");

        assertThatThrownBy(() -> new RuntimeBuilder(SslProvider.JDK, Runnable::run, Clock.systemUTC(), "test").check(config))
                .hasMessageContaining("certgate.yaml:9: tls.sessionTickets: shared session ticket keys need the BoringSSL"
                        + " provider");
    }
}
