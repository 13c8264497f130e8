package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http:} and {@code identityHeaders.strip}: nginx's defaults, and mistakes named by file, line and key. */
class HttpConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() {
        ConfigFixture.mintFiles(dir);
    }

    private GatewayConfig load(String extra) throws ConfigException, java.io.IOException {
        return ConfigFixture.loadOneSite(dir, extra);
    }

    @Test
    void withoutTheBlockEveryKeyHasNginxsDefault() throws Exception {
        HttpConfig http = load("").http();
        assertThat(http).isEqualTo(HttpConfig.DEFAULTS);
        assertThat(http.requestHeaderTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(http.requestBodyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(http.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(75));
        assertThat(http.maxProxiedStreamsPerConnection()).isEqualTo(32);
        assertThat(http.underscoresInHeaders()).isEqualTo(HttpConfig.UnderscoresInHeaders.DROP);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        HttpConfig http = load("""
                http:
                  requestHeaderTimeout: 5s
                  requestBodyTimeout: 2m
                  keepAliveTimeout: 500ms
                  maxProxiedStreamsPerConnection: 4
                  underscoresInHeaders: allow
                """).http();
        assertThat(http).isEqualTo(new HttpConfig(Duration.ofSeconds(5), Duration.ofMinutes(2), 4,
                HttpConfig.UnderscoresInHeaders.ALLOW, Duration.ofMillis(500)));
    }

    @Test
    void mistakesNameFileLineAndKey() {
        assertThatThrownBy(() -> load("http:\n  requestHeaderTimeout: 0s\n"))
                .hasMessageContaining("certgate.yaml:9: http.requestHeaderTimeout: expected a positive duration");
        assertThatThrownBy(() -> load("http:\n  keepAliveTimeout: soon\n"))
                .hasMessageContaining("http.keepAliveTimeout: expected a duration");
        assertThatThrownBy(() -> load("http:\n  maxProxiedStreamsPerConnection: 0\n"))
                .hasMessageContaining("http.maxProxiedStreamsPerConnection: expected a whole number from 1 to 128");
        assertThatThrownBy(() -> load("http:\n  underscoresInHeaders: maybe\n"))
                .hasMessageContaining("http.underscoresInHeaders: expected one of drop, allow");
        assertThatThrownBy(() -> load("http:\n  requestTimeout: 5s\n"))
                .hasMessageContaining("http.requestTimeout: unknown key");
    }

    @Test
    void stripNamesAreHeaderNames() throws Exception {
        assertThat(load("identityHeaders:\n  strip: [X-Tenant-Admin, X-Internal-Token]\n").identityHeaders().strip())
                .containsExactly("X-Tenant-Admin", "X-Internal-Token");
        assertThatThrownBy(() -> load("identityHeaders:\n  strip: [\"X Bad\"]\n"))
                .hasMessageContaining("identityHeaders.strip: expected header names");
    }
}
