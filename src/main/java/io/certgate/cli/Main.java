package io.certgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code certgate} command. */
@Command(name = "certgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "HTTPS server and reverse proxy that protects sites with TLS client certificates.",
        subcommands = {RunCommand.class, CheckCommand.class, ExplainCommand.class, VerifyCommand.class, DemoCommand.class, ImportIisCommand.class,
                PkiCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** Exit status for a usage or configuration error (picocli's default for bad arguments too). */
    static final int EXIT_USAGE = 2;
    /** Exit status for a failure while running (a port in use, a file that vanished). */
    static final int EXIT_FAILURE = 1;

    public static void main(String[] args) {
        // A client must not swap its certificate under a verdict already given: refuse TLS 1.2
        // renegotiation in the JDK provider (BoringSSL never renegotiates as a server).
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        // Large client chains reach certgate's own judgement (403.16) rather than the JDK's limits.
        io.certgate.tls.TlsProviders.raiseJdkLimits();
        // Netty's sampled leak detection records a stack trace per sampled buffer and pipeline hop:
        // a few percent of all allocation. The tests run with it on; in production it is off unless
        // asked for (-Dio.netty.leakDetection.level=simple in CERTGATE_JAVA_OPTS).
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** The version recorded in the jar's manifest, or "dev" when run from classes. */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Prints {@link #version()}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"certgate " + version()};
        }
    }
}
