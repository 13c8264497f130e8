package io.certgate.cli;

import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.config.GatewayConfig;
import io.certgate.server.Gateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certgate demo}: mints a throwaway PKI, a configuration and a small site, starts the
 * gateway on them and prints one curl line per outcome with the answer to expect.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Mint a throwaway PKI, config and site, start certgate, and print a curl line per outcome.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "where to write the demo's files (default: a new temporary directory)")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8443", description = "the HTTPS port (default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = dir != null ? Files.createDirectories(dir).toAbsolutePath() : Files.createTempDirectory("certgate-demo-");
        Clock clock = Clock.systemUTC();
        Path configFile = DemoSetup.write(home, port, clock.instant());
        GatewayConfig config;
        Gateway gateway;
        try {
            config = ConfigLoader.load(configFile);
            gateway = Gateway.start(config, clock, Main.version());
        } catch (ConfigException e) {
            System.err.println("certgate demo: the generated configuration was refused (a bug):");
            e.errors().forEach(error -> System.err.println("  " + error));
            return Main.EXIT_FAILURE;
        } catch (IOException e) {
            System.err.println("certgate demo: " + e.getMessage());
            System.err.println("certgate demo: is port " + port + " in use? Try: certgate demo --port " + (port + 1000));
            return Main.EXIT_FAILURE;
        }
        int bound = gateway.httpsPort();
        StringBuilder out = new StringBuilder();
        out.append("\ncertgate demo is running on https://localhost:").append(bound).append('\n')
                .append("files (PKI, config, site, access log): ").append(home).append('\n')
                .append("configuration: ").append(configFile).append("\n\n")
                .append("Try each outcome (the body says why; add -i to see the Certgate-Status header):\n\n");
        for (DemoSetup.Outcome outcome : DemoSetup.OUTCOMES) {
            out.append("# expect ").append(outcome.expect()).append(": ").append(outcome.what()).append('\n')
                    .append(DemoSetup.curl(home, bound, outcome)).append("\n\n");
        }
        out.append("Why a certificate gets its answer: the x-reason field of ").append(home.resolve("logs/access.log"))
                .append(" (expired, no-path-to-trusted-root, ...), or ask:\n")
                .append("certgate explain -c ").append(configFile).append(" --cert ")
                .append(home.resolve("clients/bob-expired.pem")).append("\n")
                .append("\nPress Ctrl-C to stop.\n");
        System.out.print(out);
        System.out.flush();
        RunCommand.serveUntilStopped(gateway, config);
        return 0;
    }
}
