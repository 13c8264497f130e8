package io.certgate.cli;

import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.config.GatewayConfig;
import io.certgate.server.Gateway;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certgate run -c certgate.yaml}: serve in the foreground until stopped. SIGHUP, or a change
 * to the configuration or a file it names, reloads; SIGUSR1 reopens the access log.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the gateway in the foreground (SIGHUP reloads, SIGUSR1 reopens the access log, SIGTERM stops gracefully).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "certgate.yaml",
            description = "the configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig loaded;
        Gateway gateway;
        try {
            loaded = ConfigLoader.load(config);
            gateway = Gateway.start(loaded, Clock.systemUTC(), Main.version());
        } catch (ConfigException e) {
            System.err.println("certgate: the configuration cannot be used:");
            e.errors().forEach(error -> System.err.println("  " + error));
            return Main.EXIT_USAGE;
        } catch (IOException e) {
            System.err.println("certgate: " + e.getMessage());
            return Main.EXIT_FAILURE;
        }
        serveUntilStopped(gateway, loaded);
        return 0;
    }

    /**
     * Reloads on SIGHUP and on file changes, reopens the access log on SIGUSR1, and blocks until
     * SIGTERM has stopped the gateway gracefully (then the command exits 0). SIGINT (Ctrl-C), or a
     * SIGTERM in a JVM that cannot take it itself, stops at once through the shutdown hook.
     */
    static void serveUntilStopped(Gateway gateway, GatewayConfig config) throws InterruptedException {
        gateway.handleSignals();
        gateway.watchForChanges();
        AtomicBoolean stoppedGracefully = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!stoppedGracefully.get()) {
                LOG.info("stopping");
                gateway.close();
            }
        }, "certgate-shutdown"));
        LOG.info("certgate {} serving {} site(s) from {}", Main.version(), config.sites().size(), config.file());
        gateway.awaitStopped();
        stoppedGracefully.set(true);
        LOG.info("stopped");
    }
}
