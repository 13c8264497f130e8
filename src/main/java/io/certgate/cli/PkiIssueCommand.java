package io.certgate.cli;

import io.certgate.pki.CertificateAuthority;
import io.certgate.pki.Credential;
import io.certgate.pki.PkiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code certgate pki issue}: a server or client certificate signed by the CA, written as NAME.pem
 * (the certificate, then the intermediate) and NAME.key (owner-only).
 */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = "Issue a server or client certificate: NAME.pem (with the intermediate) and NAME.key.")
final class PkiIssueCommand implements Callable<Integer> {

    /** Validity without --days or --not-after: a year, as public CAs issue at most about that long. */
    static final int DEFAULT_DAYS = 365;
    /** Without --not-before, a certificate is valid from an hour ago, for clocks a little behind. */
    static final Duration BACKDATE = Duration.ofHours(1);

    /**
     * The start when only {@code --not-after} is given: an hour ago, as always, unless that is not
     * before the end (an already expired certificate, {@code --not-after 2020-01-01T00:00:00Z}); then
     * the default validity before the end, so the certificate was valid once, for {@value #DEFAULT_DAYS} days.
     */
    static Instant defaultNotBefore(Instant now, Instant notAfter) {
        Instant backdated = now.minus(BACKDATE);
        return notAfter == null || backdated.isBefore(notAfter) ? backdated : notAfter.minus(Duration.ofDays(DEFAULT_DAYS));
    }
    private static final Pattern COMMON_NAME = Pattern.compile("(?:^|,)\\s*CN=([^,+]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_NAME =
            Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    @Mixin
    PkiCommand.Directory directory;

    @Option(names = "--server", description = "for TLS servers (extendedKeyUsage serverAuth)")
    boolean server;

    @Option(names = "--client", description = "for TLS clients (extendedKeyUsage clientAuth)")
    boolean client;

    @Option(names = "--subject", paramLabel = "DN", required = true,
            description = "the subject, RFC 4514: \"CN=alice,OU=Sales,O=Example\"")
    String subject;

    @Option(names = "--dns", paramLabel = "NAME", description = "a subjectAltName DNS name (repeatable)")
    List<String> dns = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "ADDRESS", description = "a subjectAltName IP address (repeatable)")
    List<String> ip = new ArrayList<>();

    @Option(names = "--email", paramLabel = "ADDRESS", description = "a subjectAltName email address (repeatable)")
    List<String> email = new ArrayList<>();

    @Option(names = "--uri", paramLabel = "URI", description = "a subjectAltName URI (repeatable)")
    List<String> uri = new ArrayList<>();

    @Option(names = "--upn", paramLabel = "NAME", description = "a subjectAltName Microsoft UPN, user@domain (repeatable)")
    List<String> upn = new ArrayList<>();

    @Option(names = "--days", paramLabel = "N", description = "valid for N days from --not-before (default: " + DEFAULT_DAYS + ")")
    Integer days;

    @Option(names = "--not-before", paramLabel = "TIME", description = "valid from, ISO-8601 (default: an hour ago; " + DEFAULT_DAYS + " days before a --not-after that is already past)")
    Instant notBefore;

    @Option(names = "--not-after", paramLabel = "TIME", description = "valid until, ISO-8601 (in the past for an expired certificate)")
    Instant notAfter;

    @Option(names = "--key-type", paramLabel = "ec|rsa", defaultValue = "ec",
            description = "ec (ECDSA P-256) or rsa (RSA 2048) (default: ${DEFAULT-VALUE})")
    PkiCommand.KeyTypeOption keyType;

    @Option(names = "--out", paramLabel = "NAME", required = true,
            description = "writes NAME.pem and NAME.key (relative to the current directory)")
    String out;

    @Option(names = "--force", description = "overwrite NAME.pem and NAME.key if they exist")
    boolean force;

    @Override
    public Integer call() {
        return PkiCommand.run(() -> {
            if (!server && !client) {
                throw new PkiException("say what the certificate is for: --server, --client, or both");
            }
            if (days != null && notAfter != null) {
                throw new PkiException("give either --days or --not-after, not both");
            }
            if (days != null && days < 1) {
                throw new PkiException("--days must be 1 or more, got " + days);
            }
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // X.509 times are whole seconds
            Instant from = notBefore != null ? notBefore : defaultNotBefore(now, notAfter);
            Instant until = notAfter != null ? notAfter : from.plus(Duration.ofDays(days != null ? days : DEFAULT_DAYS));
            if (!until.isAfter(from)) {
                throw new PkiException("--not-after " + until + " must be later than --not-before " + from);
            }
            Path pem = Path.of(out + ".pem");
            Path key = Path.of(out + ".key");
            for (Path file : List.of(pem, key)) {
                if (Files.exists(file) && !force) {
                    throw new PkiException(file + " exists; use --force to replace it, or another --out");
                }
            }
            CertificateAuthority ca = CertificateAuthority.open(directory.dir);
            Credential.Builder details = Credential.builder().subject(subject).keyType(keyType.type).now(now)
                    .validity(from, until);
            if (server) {
                details.serverAuth();
                if (dns.isEmpty() && ip.isEmpty()) {
                    commonNameAsHost().ifPresent(host -> {
                        // Clients match the server's name against subjectAltName only (RFC 6125 §6.4.4).
                        dns.add(host);
                        System.out.println("note: no --dns or --ip; the subject's CN " + host + " becomes the DNS name");
                    });
                }
            }
            if (client) {
                details.clientAuth();
            }
            dns.forEach(details::dns);
            ip.forEach(details::ip);
            email.forEach(details::email);
            uri.forEach(details::uri);
            upn.forEach(details::upn);
            Credential issued = ca.issue(details, out);
            issued.writeChain(pem);
            issued.writeKey(key);
            String kind = server && client ? "server and client" : server ? "server" : "client";
            System.out.println("wrote " + pem + "  " + kind + " certificate " + subject + ", serial "
                    + CertificateAuthority.hex(issued.serial()) + ", valid " + from + " to " + until
                    + (issued.chainWithoutRoot().size() > 1 ? ", followed by the intermediate CA" : ""));
            System.out.println("wrote " + key + "  private key (owner-only)");
            System.out.println("wrote " + directory.dir.resolve(CertificateAuthority.STATE) + "  CA state: the new serial");
            return 0;
        });
    }

    private java.util.Optional<String> commonNameAsHost() {
        Matcher cn = COMMON_NAME.matcher(subject);
        return cn.find() && HOST_NAME.matcher(cn.group(1).trim()).matches()
                ? java.util.Optional.of(cn.group(1).trim()) : java.util.Optional.empty();
    }
}
