package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certgate.config.ConfigError;
import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.log.GatewayMetrics;
import io.certgate.testing.TestPki;
import io.certgate.testing.World;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code certgate check} says about a site's key points at the {@code key} line, not at {@code certificate}. */
class ServerKeyErrorsTest {

    /** World.standardConfig: {@code certificate:} is on line 5, {@code key:} on line 6. */
    private static final int CERTIFICATE_LINE = 5;
    private static final int KEY_LINE = 6;

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void world() throws Exception {
        World.create(dir);
        file = dir.resolve("certgate.yaml");
        Files.writeString(file, World.standardConfig("", ""));
        assertThat(Files.readAllLines(file).get(CERTIFICATE_LINE - 1)).contains("certificate: tls/server.pem");
        assertThat(Files.readAllLines(file).get(KEY_LINE - 1)).contains("key: tls/server.key");
    }

    private ConfigError onlyError() throws Exception {
        ConfigException e = catchThrowableOfType(() -> new RuntimeBuilder(SslProvider.JDK, Runnable::run,
                Clock.systemUTC(), "test", new GatewayMetrics()).check(ConfigLoader.load(file)), ConfigException.class);
        assertThat(e).as("check refuses it").isNotNull();
        assertThat(e.errors()).hasSize(1);
        return e.errors().get(0);
    }

    @Test
    void aKeyOfAnotherCertificateIsReportedAtTheKeyLine() throws Exception {
        TestPki.create(Instant.now()).server("other").writeKey(dir.resolve("tls/server.key"));

        ConfigError error = onlyError();

        assertThat(error.origin().line()).isEqualTo(KEY_LINE);
        assertThat(error.origin().key()).isEqualTo("sites[0].key");
        assertThat(error.message()).contains("does not belong to the certificate");
    }

    @Test
    void anUnreadableKeyIsReportedAtTheKeyLine() throws Exception {
        Files.writeString(dir.resolve("tls/server.key"), "not a key\n");

        assertThat(onlyError().origin().line()).isEqualTo(KEY_LINE);
    }

    @Test
    void anUnreadableCertificateIsStillReportedAtTheCertificateLine() throws Exception {
        Files.writeString(dir.resolve("tls/server.pem"), "not a certificate\n");

        assertThat(onlyError().origin().line()).isEqualTo(CERTIFICATE_LINE);
    }
}
