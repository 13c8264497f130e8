package io.certgate.cli;

import io.certgate.pki.CertificateAuthority;
import io.certgate.pki.CrlReason;
import io.certgate.pki.PkiException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code certgate pki revoke NAME.pem|--serial HEX --reason R}: records the revocation and rewrites
 * DIR/crl.pem at once, so that the CRL a gateway reads never lags behind the CA's records.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a certificate (by file or serial) and rewrite DIR/crl.pem.")
final class PkiRevokeCommand implements Callable<Integer> {

    @Mixin
    PkiCommand.Directory directory;

    @Parameters(arity = "0..1", paramLabel = "CERT.pem", description = "the certificate to revoke (PEM or DER)")
    Path certificate;

    @Option(names = "--serial", paramLabel = "HEX", description = "the serial to revoke, in hex as openssl prints it")
    String serial;

    @Option(names = "--reason", paramLabel = "REASON", defaultValue = "unspecified",
            description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            completionCandidates = Reasons.class)
    String reason;

    /** The reason names, for the help text. */
    static final class Reasons implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(CrlReason.values()).map(CrlReason::rfcName).iterator();
        }
    }

    @Override
    public Integer call() {
        return PkiCommand.run(() -> {
            if ((certificate == null) == (serial == null)) {
                throw new PkiException("name the certificate to revoke: a CERT.pem file or --serial HEX (one of them)");
            }
            CrlReason why = CrlReason.parse(reason).orElseThrow(() -> new PkiException("--reason must be one of "
                    + CrlReason.names() + ", got \"" + reason + "\""));
            CertificateAuthority ca = CertificateAuthority.open(directory.dir);
            BigInteger number = certificate != null ? ca.serialOf(certificate) : parseSerial(serial);
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            if (!ca.revoke(number, why, now)) {
                System.out.println(ca.subjectOf(number) + " (serial " + CertificateAuthority.hex(number)
                        + ") was already revoked; nothing changed");
                return 0;
            }
            System.out.println("revoked " + ca.subjectOf(number) + " (serial " + CertificateAuthority.hex(number)
                    + ") as " + why.rfcName());
            System.out.println("wrote " + directory.dir.resolve(CertificateAuthority.STATE) + "  CA state: the revocation");
            PkiCommand.printWritten(ca.writeCrl(directory.dir.resolve(CertificateAuthority.CRL), false, now,
                    CertificateAuthority.RevocationDefaults.CRL_VALIDITY));
            return 0;
        });
    }

    private static BigInteger parseSerial(String text) throws PkiException {
        String hex = text.replace(":", "").trim();
        if (hex.regionMatches(true, 0, "0x", 0, 2)) {
            hex = hex.substring(2);
        }
        try {
            return new BigInteger(hex, 16);
        } catch (NumberFormatException e) {
            throw new PkiException("--serial must be hexadecimal, such as 1A2B3C or 1a:2b:3c, got \"" + text + "\"");
        }
    }
}
