package io.certgate.cli;

import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.config.GatewayConfig;
import io.certgate.server.RuntimeBuilder;
import io.certgate.tls.TlsProviders;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certgate check -c FILE}: everything {@code run} would check before serving (keys,
 * certificate files, trust, CRLs, TLS contexts), without binding a port. Exit 0, or 2 with one
 * line per mistake.
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Validate a configuration; exit 0, or 2 with precise errors.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "the configuration file")
    Path config;

    @Override
    public Integer call() {
        try {
            GatewayConfig loaded = ConfigLoader.load(config);
            new RuntimeBuilder(TlsProviders.resolve(loaded.tlsProvider()), Runnable::run, Clock.systemUTC(), Main.version())
                    .check(loaded);
            System.out.println(config + ": OK (" + loaded.sites().size() + " site(s), "
                    + loaded.listeners().size() + " listener(s))");
            return 0;
        } catch (ConfigException e) {
            e.errors().forEach(System.err::println);
            return Main.EXIT_USAGE;
        }
    }
}
