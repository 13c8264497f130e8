package io.certgate.cli;

import io.certgate.pki.CertificateAuthority;
import io.certgate.pki.KeyType;
import io.certgate.pki.PkiException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certgate pki init|issue|revoke|crl}: a small CA in a directory, for trying certgate out
 * and for tests. Every command prints each file it wrote; CA keys are owner-only.
 */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "A small CA toolkit for trying things out: init, issue, revoke, crl; and ticket-key.",
        subcommands = {PkiCommand.Init.class, PkiIssueCommand.class, PkiRevokeCommand.class, PkiCommand.Crl.class,
                PkiTicketKeyCommand.class})
final class PkiCommand {

    /** Key algorithms as the command line names them. */
    enum KeyTypeOption {
        EC(KeyType.EC_P256), RSA(KeyType.RSA_2048);

        final KeyType type;

        KeyTypeOption(KeyType type) {
            this.type = type;
        }
    }

    /** {@code --dir}, shared by every pki command. */
    static final class Directory {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "pki",
                description = "the CA's directory (default: ${DEFAULT-VALUE})")
        Path dir;
    }

    /** A pki command's work: returns the exit code; a PkiException is a usage error. */
    @FunctionalInterface
    interface Work {
        int run() throws PkiException, IOException;
    }

    /** Runs a pki command's work with the usual exit codes and messages. */
    static int run(Work work) {
        try {
            return work.run();
        } catch (PkiException e) {
            System.err.println("certgate pki: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (IOException e) {
            System.err.println("certgate pki: " + e.getMessage());
            return Main.EXIT_FAILURE;
        }
    }

    static void printWritten(CertificateAuthority.Written written) {
        System.out.println("wrote " + written.file() + "  " + written.what());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a CA: a root, optionally an intermediate that issues, the CA state and an empty CRL.")
    static final class Init implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Directory directory;

        @Option(names = "--name", paramLabel = "DN", defaultValue = "CN=certgate pki root CA",
                description = "the root's subject, RFC 4514 (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--intermediate", description = "also create an intermediate CA, which then issues everything")
        boolean intermediate;

        @Option(names = "--intermediate-name", paramLabel = "DN", defaultValue = "CN=certgate pki issuing CA",
                description = "the intermediate's subject (default: ${DEFAULT-VALUE})")
        String intermediateName;

        @Option(names = "--key-type", paramLabel = "ec|rsa", defaultValue = "ec",
                description = "ec (ECDSA P-256) or rsa (RSA 2048) (default: ${DEFAULT-VALUE})")
        KeyTypeOption keyType;

        @Override
        public Integer call() {
            return run(() -> {
                CertificateAuthority.init(directory.dir, name,
                                intermediate ? java.util.Optional.of(intermediateName) : java.util.Optional.empty(),
                                keyType.type, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                        .forEach(PkiCommand::printWritten);
                return 0;
            });
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true,
            description = "Write a fresh CRL of every certificate revoked so far, signed by the issuing CA.")
    static final class Crl implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Directory directory;

        @Option(names = "--der", description = "write DER instead of PEM")
        boolean der;

        @Option(names = "--out", paramLabel = "FILE",
                description = "where to write it (default: DIR/crl.pem, or DIR/crl.der with --der)")
        Path out;

        @Option(names = "--days", paramLabel = "N", defaultValue = "7",
                description = "days until nextUpdate (default: ${DEFAULT-VALUE})")
        int days;

        @Override
        public Integer call() {
            return run(() -> {
                if (days < 1) {
                    throw new PkiException("--days must be 1 or more, got " + days);
                }
                CertificateAuthority ca = CertificateAuthority.open(directory.dir);
                Path file = out != null ? out : directory.dir.resolve(der ? "crl.der" : CertificateAuthority.CRL);
                printWritten(ca.writeCrl(file, der, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        java.time.Duration.ofDays(days)));
                System.out.println("wrote " + directory.dir.resolve(CertificateAuthority.STATE) + "  CA state: next CRL number");
                return 0;
            });
        }
    }
}
