package io.certgate.cli;

import io.certgate.access.AccessPolicy;
import io.certgate.access.Decision;
import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.config.GatewayConfig;
import io.certgate.http.Location;
import io.certgate.http.RequestPath;
import io.certgate.http.Site;
import io.certgate.identity.Identity;
import io.certgate.identity.MappingReport;
import io.certgate.server.RuntimeBuilder;
import io.certgate.tls.HostTable;
import io.certgate.tls.TlsProviders;
import io.certgate.validation.Verdict;
import io.certgate.validation.VerdictCache;
import io.certgate.x509.CertificateFiles;
import io.certgate.x509.X509FileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certgate explain}: the whole decision for one certificate at one place and time, with
 * the reason at every step — the answer to "why did I get 403.16?". Exit 0 when the request
 * would be let in, 1 when it would be refused, 2 for a usage or configuration error.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain the answer a client certificate would get: verdict, mapping, access rule, status.")
final class ExplainCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "the configuration file")
    Path config;

    @Option(names = "--cert", paramLabel = "CHAIN.pem", required = true,
            description = "the client's certificate, optionally followed by the intermediates it sends (PEM or DER)")
    Path certificate;

    @Option(names = "--host", paramLabel = "H", description = "the server name the client connects to (default: the default site)")
    String host;

    @Option(names = "--path", paramLabel = "/p", defaultValue = "/", description = "the request path (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--at", paramLabel = "TIME", description = "the validation time, ISO-8601 such as 2026-01-01T00:00:00Z (default: now)")
    Instant at;

    @Override
    public Integer call() {
        Instant when = at != null ? at : Instant.now();
        List<X509Certificate> chain;
        HostTable<Site> sites;
        try {
            chain = CertificateFiles.readCertificates(certificate);
            GatewayConfig loaded = ConfigLoader.load(config);
            sites = new RuntimeBuilder(TlsProviders.resolve(loaded.tlsProvider()), Runnable::run,
                    Clock.fixed(when, ZoneOffset.UTC), Main.version()).sites(loaded);
        } catch (X509FileException e) {
            System.err.println("certgate explain: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (ConfigException e) {
            e.errors().forEach(System.err::println);
            return Main.EXIT_USAGE;
        }
        Optional<RequestPath> request = RequestPath.parse(path);
        if (request.isEmpty()) {
            System.err.println("certgate explain: --path must be an absolute path such as /admin, got " + path);
            return Main.EXIT_USAGE;
        }
        Site site = sites.lookup(host);
        Optional<Location> location = site.locate(request.get().routing());
        StringBuilder out = new StringBuilder();
        line(out, "request", "https://" + (host == null ? "(no server name)" : host) + request.get().normalized()
                + " at " + when);
        line(out, "site", site.name() + (host != null && sites.find(host).isEmpty() ? " (the default site: no site names " + host + ")" : ""));
        if (location.isEmpty()) {
            line(out, "location", "none matches: 404");
            System.out.print(out);
            return 1;
        }
        line(out, "location", location.get().prefix() + " (mode " + location.get().mode().name().toLowerCase(java.util.Locale.ROOT) + ")");

        Verdict siteVerdict = site.judge().judge(chain).join();
        new VerdictReport(siteVerdict, chain).appendTo(out);
        Verdict verdict = siteVerdict;
        if (siteVerdict.isValid() && location.get().judge() != null) {
            // The location's own certificate policies, in addition to the site's (as RequestGate decides).
            verdict = location.get().judge().judge(chain).join();
            if (location.get().judge() instanceof VerdictCache cache) {
                line(out, "location", "requires " + cache.validator().policy().policies().describe());
            }
            line(out, "verdict", "at " + location.get().prefix() + ": " + verdict.outcome().label() + " ("
                    + verdict.reason().label() + "): " + verdict.detail());
        }

        Identity identity = Identity.ANONYMOUS;
        if (siteVerdict.isValid() && siteVerdict.client().isPresent()) {
            MappingReport mapping = site.mapper().explain(siteVerdict.client().get());
            mapping.steps().forEach(step -> line(out, "mapping", step));
            identity = mapping.identity();
        }
        line(out, "identity", describe(identity));
        Decision decision = AccessPolicy.decide(location.get().mode(), verdict, identity, location.get().access());
        if (!location.get().access().isEmpty()) {
            line(out, "access rule", location.get().access().describe());
        }
        line(out, "decision", decision.refusal()
                .map(r -> r.headerValue() + ": " + decision.detail())
                .orElse("allowed: " + decision.detail()));
        line(out, "answer", decision.refusal().map(r -> r.code()).orElse(location.get().proxy() != null
                ? "forwarded to " + location.get().proxy().url() : "served from " + location.get().staticRoot()));
        System.out.print(out);
        return decision.allowed() ? 0 : 1;
    }

    static void line(StringBuilder out, String label, String text) {
        out.append(String.format("%-12s %s%n", label + ":", text));
    }

    private static String describe(Identity identity) {
        if (identity instanceof Identity.Account account) {
            return "account \"" + account.name() + "\"" + (account.groups().isEmpty() ? "" : " (groups: "
                    + String.join(", ", account.groups()) + ")") + ", by " + account.mappedBy();
        }
        if (identity instanceof Identity.Denied denied) {
            return "denied: " + denied.why();
        }
        if (identity instanceof Identity.Unavailable unavailable) {
            return "unknown: " + unavailable.why();
        }
        if (identity instanceof Identity.CertificateOnly) {
            return "a valid certificate that maps to no account";
        }
        return "anonymous";
    }
}
