package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin:}: off unless present, loopback 9443 by default, an address like a listener's. */
class AdminConfigTest {

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
    void noAdminKeyNoAdminListener() throws Exception {
        assertThat(load("").admin()).isEmpty();
    }

    @Test
    void theKeyAloneOrWithoutAddressMeansLoopback9443() throws Exception {
        assertThat(load("admin:\n").admin().map(a -> a.host() + ":" + a.port())).contains("127.0.0.1:9443");
        assertThat(load("admin: {}\n").admin().map(a -> a.host() + ":" + a.port())).contains("127.0.0.1:9443");
    }

    @Test
    void anAddressIsParsedLikeAListenersAndPortZeroIsAllowed() throws Exception {
        Optional<AdminConfig> admin = load("admin:\n  address: \"[::1]:0\"\n").admin();
        assertThat(admin).map(AdminConfig::host).contains("::1");
        assertThat(admin).map(AdminConfig::port).contains(0);
        assertThat(admin.get().toString()).isEqualTo("http://[::1]:0");
    }

    @Test
    void mistakesNameFileLineAndKey() {
        assertThatThrownBy(() -> load("admin:\n  address: nowhere\n"))
                .hasMessageContaining("certgate.yaml:9: admin.address: expected host:port");
        assertThatThrownBy(() -> load("admin:\n  adress: 127.0.0.1:9443\n"))
                .hasMessageContaining("certgate.yaml:9: admin.adress: unknown key; did you mean \"address\"?");
        assertThatThrownBy(() -> load("admin:\n  address: 127.0.0.1:8443\n"))
                .hasMessageContaining("certgate.yaml:9: admin.address: already used by the listener at line 2");
    }
}
