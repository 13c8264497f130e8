package io.certgate.testing;

import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.server.Gateway;
import io.certgate.server.ReloadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A gateway started in this JVM from a YAML text written to {@code dir/certgate.yaml} (listen
 * on port 0), for tests that drive it with real curl and openssl processes.
 */
public final class RunningGateway implements AutoCloseable {

    private final Gateway gateway;
    private final Path config;

    private RunningGateway(Gateway gateway, Path config) {
        this.gateway = gateway;
        this.config = config;
    }

    public static RunningGateway start(Path dir, String yaml) {
        try {
            Path config = dir.resolve("certgate.yaml");
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
            return new RunningGateway(Gateway.start(ConfigLoader.load(config), Clock.systemUTC(), "test"), config);
        } catch (ConfigException e) {
            throw new AssertionError("config refused:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public int port() {
        return gateway.httpsPort();
    }

    public int httpPort() {
        return gateway.httpAddresses().get(0).getPort();
    }

    /** {@code https://localhost:PORT/path}. */
    public String url(String path) {
        return "https://localhost:" + port() + path;
    }

    public Path config() {
        return config;
    }

    /** The admin listener's port; the config must have {@code admin:}. */
    public int adminPort() {
        return gateway.adminAddress().orElseThrow(() -> new AssertionError("the config has no admin:")).getPort();
    }

    /** {@code http://127.0.0.1:ADMIN/path}. */
    public String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort() + path;
    }

    /** Reloads the config file (rewritten by the test) and everything it names, as SIGHUP does. */
    public ReloadResult reload() {
        return gateway.reload("test");
    }

    /** Reopens the access and connection logs, as SIGUSR1 does. */
    public void reopenLogs() {
        gateway.reopenAccessLogs();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
