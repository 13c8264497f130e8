package io.certgate.server;

import io.certgate.config.AccessLogConfig;
import io.certgate.config.ConnectionLogConfig;
import io.certgate.config.CertificatePoliciesConfig;
import io.certgate.config.ClientCertificatesConfig;
import io.certgate.config.ConfigError;
import io.certgate.config.ConfigException;
import io.certgate.config.DirectoryConfig;
import io.certgate.config.DirectoryMappingConfig;
import io.certgate.config.FileRef;
import com.github.benmanes.caffeine.cache.Ticker;
import io.certgate.directory.Directories;
import io.certgate.directory.DirectoryEvents;
import io.certgate.directory.Lookup;
import io.certgate.log.DirectoryMeters;
import io.certgate.config.GatewayConfig;
import io.certgate.config.LocationConfig;
import io.certgate.config.RevocationConfig;
import io.certgate.config.SessionTicketsConfig;
import io.certgate.config.SiteConfig;
import io.certgate.http.request.RequestHygiene;
import io.certgate.http.FileCache;
import io.certgate.identity.CertificateMapper;
import io.certgate.http.Location;
import io.certgate.http.Site;
import io.certgate.log.AccessLog;
import io.certgate.log.ConnectionLog;
import io.certgate.log.FileConnectionLog;
import io.certgate.log.FileAccessLog;
import io.certgate.log.GatewayMetrics;
import io.certgate.revocation.CrlFile;
import io.certgate.revocation.RevocationChecker;
import io.certgate.revocation.SiteRevocation;
import io.certgate.tls.HostTable;
import io.certgate.tls.ServerCredentials;
import io.certgate.tls.TlsContexts;
import io.certgate.tls.tickets.TicketKeys;
import io.certgate.upstream.Upstreams;
import io.certgate.validation.PathValidator;
import io.certgate.validation.TrustStore;
import io.certgate.validation.ValidationPolicy;
import io.certgate.validation.VerdictCache;
import io.certgate.x509.CertificateFiles;
import io.certgate.x509.SubjectAltNames;
import io.certgate.x509.X509FileException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a validated configuration into a {@link GatewayRuntime}: reads every certificate, key,
 * trust file and CRL it names and builds each site's TLS context and validator. A file that
 * cannot be used is reported as a {@link ConfigError} at the key that named it; nothing is
 * served from a half-built runtime.
 */
public final class RuntimeBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeBuilder.class);

    private final SslProvider provider;
    private final Executor validationExecutor;
    private final Clock clock;
    private final String version;
    private final GatewayMetrics metrics;

    public RuntimeBuilder(SslProvider provider, Executor validationExecutor, Clock clock, String version) {
        this(provider, validationExecutor, clock, version, new GatewayMetrics());
    }

    RuntimeBuilder(SslProvider provider, Executor validationExecutor, Clock clock, String version,
                   GatewayMetrics metrics) {
        this.provider = provider;
        this.validationExecutor = validationExecutor;
        this.clock = clock;
        this.version = version;
        this.metrics = metrics;
    }

    /** The TLS implementation the runtimes are built for (a reload cannot change it). */
    SslProvider provider() {
        return provider;
    }

    /** Builds without opening the access log: what {@code certgate check} runs. */
    public void check(GatewayConfig config) throws ConfigException {
        buildSites(config).close();
        Upstreams.load(config, provider, clock).close();
    }

    /**
     * The sites as the request path sees them, with their host table, built exactly as {@code run}
     * builds them (for {@code certgate explain}, which asks them about one certificate).
     */
    public HostTable<Site> sites(GatewayConfig config) throws ConfigException {
        return new HostTable<>(buildSites(config).sites().stream().map(s -> Map.entry(s.site().hosts(), s.site()))
                .toList());
    }

    GatewayRuntime build(GatewayConfig config) throws ConfigException {
        return build(config, Optional.empty());
    }

    /**
     * Builds a runtime. With a {@code previous} one whose access log settings are the same, the new
     * runtime writes to the same open log: a reload neither loses nor reorders a line.
     */
    GatewayRuntime build(GatewayConfig config, Optional<GatewayRuntime> previous) throws ConfigException {
        BuiltSites built = buildSites(config);
        Upstreams upstreams;
        try {
            upstreams = Upstreams.load(config, provider, clock);
        } catch (ConfigException e) {
            built.close();
            throw e;
        }
        AccessLog accessLog;
        if (previous.isPresent() && previous.get().config.accessLog().map(AccessLogConfig::output)
                .equals(config.accessLog().map(AccessLogConfig::output))) {
            accessLog = previous.get().accessLog;
        } else if (config.accessLog().isPresent()) {
            Path file = config.accessLog().get().file();
            try {
                accessLog = metrics.metered(new FileAccessLog(file, config.accessLog().get().format(),
                        config.accessLog().get().fields(), version, clock, metrics::accessLogLineDropped));
            } catch (IOException e) {
                built.close();
                upstreams.close();
                throw new ConfigException(new ConfigError(config.accessLog().get().origin(),
                        "cannot write the access log " + file + ": " + CertificateFiles.describe(e)));
            }
        } else {
            accessLog = metrics.metered(AccessLog.NONE);
        }
        ConnectionLog connectionLog;
        try {
            connectionLog = connectionLog(config, previous);
        } catch (ConfigException e) {
            built.close();
            upstreams.close();
            if (previous.map(p -> p.accessLog != accessLog).orElse(true)) {
                accessLog.close();
            }
            throw e;
        }
        return new GatewayRuntime(config, built.sites(), built.directories(), accessLog, connectionLog,
                new FileCache(FileCache.DEFAULT_MAX_BYTES),
                new RequestHygiene(config.identityHeaders(), config.http(), reason -> metrics.badRequest(reason.label())),
                upstreams);
    }

    /** The previous runtime's connection log when its settings are the same (no line lost), else a new one. */
    private ConnectionLog connectionLog(GatewayConfig config, Optional<GatewayRuntime> previous) throws ConfigException {
        Optional<ConnectionLogConfig> wanted = config.connectionLog();
        if (previous.isPresent() && previous.get().config.connectionLog().map(ConnectionLogConfig::output)
                .equals(wanted.map(ConnectionLogConfig::output))) {
            return previous.get().connectionLog;
        }
        if (wanted.isEmpty()) {
            return ConnectionLog.NONE;
        }
        Path file = wanted.get().file();
        try {
            return new FileConnectionLog(file, metrics::connectionLogLineDropped);
        } catch (IOException e) {
            throw new ConfigException(new ConfigError(wanted.get().origin(),
                    "cannot write the connection log " + file + ": " + CertificateFiles.describe(e)));
        }
    }

    /** The sites of one runtime and the directory clients they share; closing it closes both. */
    private record BuiltSites(List<ServedSite> sites, Directories directories) implements AutoCloseable {
        @Override
        public void close() {
            sites.forEach(ServedSite::close);
            directories.close();
        }
    }

    private BuiltSites buildSites(GatewayConfig config) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        List<ServedSite> sites = new ArrayList<>();
        Directories directories = directories(config);
        Optional<TicketKeys> tickets = ticketKeys(config, errors);
        for (SiteConfig site : config.sites()) {
            buildSite(config, site, directories, tickets, errors).ifPresent(sites::add);
        }
        BuiltSites built = new BuiltSites(sites, directories);
        if (!errors.isEmpty()) {
            // Another site was wrong: what was built so far is not used (BoringSSL contexts are native
            // memory, revocation checkers run background work).
            built.close();
            throw new ConfigException(errors);
        }
        return built;
    }

    /**
     * The shared ticket keys, read again for every runtime (so a reload or a changed key file takes
     * effect for new connections); empty without {@code tls.sessionTickets}, and then each TLS
     * context keeps the random keys BoringSSL made for it, as before there were key files.
     */
    private Optional<TicketKeys> ticketKeys(GatewayConfig config, List<ConfigError> errors) {
        if (config.sessionTickets().isEmpty()) {
            return Optional.empty();
        }
        SessionTicketsConfig settings = config.sessionTickets().get();
        if (provider == SslProvider.JDK) {
            // tls.provider: auto, where netty-tcnative cannot load (tls.provider: jdk is refused when loading).
            errors.add(settings.origin().error("shared session ticket keys need the BoringSSL provider, and"
                    + " netty-tcnative cannot load here, so the JDK's TLS runs (tickets off); remove sessionTickets"
                    + " or run where BoringSSL loads"));
            return Optional.empty();
        }
        return TicketKeys.read(settings, errors);
    }

    private Optional<ServedSite> buildSite(GatewayConfig config, SiteConfig site, Directories directories,
                                           Optional<TicketKeys> tickets,
                                           List<ConfigError> errors) {
        int before = errors.size();
        ServerCredentials credentials = serverCredentials(site, errors);
        ClientCertificatesConfig cc = site.clientCertificates();
        List<X509Certificate> roots = readAll(cc.trustedRoots(), errors);
        List<X509Certificate> intermediates = readAll(cc.intermediates(), errors);
        List<X509Certificate> advertised = switch (cc.advertise().mode()) {
            case TRUSTED -> roots;
            case NONE -> List.of();
            case LIST -> readAll(cc.advertise().files(), errors);
        };
        List<X509Certificate> issuers = new ArrayList<>(roots);
        issuers.addAll(intermediates);
        RevocationChecker revocation = revocation(cc.revocation(), issuers, directories, errors);
        CertificateMapper mapper = CertificateMapper.none();
        try {
            mapper = CertificateMapper.compile(site, directories);
        } catch (ConfigException e) {
            errors.addAll(e.errors());
        }
        Map<LocationConfig, Path> staticRoots = new HashMap<>();
        for (LocationConfig location : site.locations()) {
            try {
                if (location.root().isPresent()) {
                    staticRoots.put(location, location.root().get().toRealPath());
                }
            } catch (IOException e) {
                errors.add(location.origin().error("root cannot be opened: " + e.getMessage()));
            }
        }
        if (errors.size() > before || credentials == null) {
            revocation.close();
            return Optional.empty();
        }
        SslContext tls;
        try {
            tls = TlsContexts.forSite(credentials, site.asksForClientCertificates(), advertised, provider);
        } catch (javax.net.ssl.SSLException | RuntimeException e) {
            errors.add(site.certificate().origin().error("the TLS context cannot be built: " + e.getMessage()));
            revocation.close();
            return Optional.empty();
        }
        try {
            if (tickets.isPresent()) {
                tickets.get().applyTo(tls, site.name());
            }
        } catch (RuntimeException e) {
            io.netty.util.ReferenceCountUtil.release(tls);
            errors.add(config.sessionTickets().orElseThrow().origin().error("the ticket keys cannot be given to site "
                    + site.name() + "'s TLS context: " + e.getMessage()));
            revocation.close();
            directories.close();
            return Optional.empty();
        }
        TrustStore trust = TrustStore.of(roots, intermediates);
        ValidationPolicy policy = ValidationPolicy.forClients(cc.maxChainLength(), cc.revocation().scope(),
                cc.revocation().onUnavailable()).withPolicies(policies(cc.policies())).withMaxChainBytes(cc.maxChainBytes());
        VerdictCache judge = new VerdictCache(new PathValidator(trust, policy, revocation), clock, validationExecutor,
                VerdictCache.DEFAULT_MAX_ENTRIES);
        // A location that requires certificate policies of its own gets a judge for them; locations
        // with the same settings share it (one cache per distinct setting), and locations without
        // any (or with the site's own) cost nothing beyond the site's verdict.
        Map<ValidationPolicy.CertificatePolicies, VerdictCache> byPolicies = new HashMap<>();
        List<Location> locations = new ArrayList<>();
        for (LocationConfig location : site.locations()) {
            VerdictCache locationJudge = null;
            ValidationPolicy.CertificatePolicies asked = policies(location.policies());
            if (!location.policies().isNone() && !asked.equals(policy.policies())) {
                locationJudge = byPolicies.computeIfAbsent(asked, p -> new VerdictCache(
                        new PathValidator(trust, policy.withPolicies(p), revocation), clock, validationExecutor,
                        VerdictCache.DEFAULT_MAX_ENTRIES));
            }
            locations.add(new Location(location.path(), location.mode(), staticRoots.get(location),
                    location.proxy().orElse(null), location.access(), locationJudge, location.identityFormats()));
        }
        // 403.7 lists what the CertificateRequest advertised: the CAs a browser filters its certificates by.
        List<String> advertisedNames = site.asksForClientCertificates() ? advertised.stream()
                .map(ca -> io.certgate.x509.DistinguishedName.of(ca.getSubjectX500Principal()).rfc4514())
                .distinct().toList() : List.of();
        Site httpSite = new Site(site.name(), site.hosts(), locations, site.asksForClientCertificates(), judge, mapper,
                config.errors(), advertisedNames, io.certgate.config.HstsConfig.headerValue(site.hsts()),
                SubjectAltNames.of(credentials.chain().get(0)).uris());
        return Optional.of(new ServedSite(httpSite, tls, judge, revocation));
    }

    /**
     * One client per directory that some site uses (in a mapping or as revocation.directory),
     * shared by all of them: one pool of connections to the server and one cache of answers, so
     * that two sites mapping the same certificate ask the directory once per cacheTtl. They
     * belong to the runtime, so that a reload closes exactly what it replaced. Nothing connects
     * until a lookup.
     */
    private Directories directories(GatewayConfig config) {
        java.util.Set<String> names = new LinkedHashSet<>();
        for (SiteConfig site : config.sites()) {
            site.directoryMappings().stream().map(DirectoryMappingConfig::directory).forEach(names::add);
            site.clientCertificates().revocation().directory().ifPresent(names::add);
        }
        List<DirectoryConfig> used = names.stream().map(config.directories()::get).filter(java.util.Objects::nonNull)
                .toList();
        if (used.isEmpty()) {
            return Directories.NONE;
        }
        DirectoryMeters meters = metrics.directories();
        return Directories.of(used, new DirectoryEvents() {
            @Override
            public void lookup(String directory, Lookup.Result result, long nanos) {
                meters.lookup(directory, result.label(), nanos);
            }

            @Override
            public void cacheHit(String directory) {
                meters.cacheHit(directory);
            }
        }, Ticker.systemTicker());
    }

    /** Each file's mistake at its own key's line: a bad or mismatched key at {@code key}, not at {@code certificate}. */
    private ServerCredentials serverCredentials(SiteConfig site, List<ConfigError> errors) {
        List<X509Certificate> chain = null;
        PrivateKey key = null;
        try {
            chain = CertificateFiles.readCertificates(site.certificate().path());
        } catch (X509FileException e) {
            errors.add(site.certificate().origin().error(e.getMessage()));
        }
        try {
            key = CertificateFiles.readPrivateKey(site.key().path());
        } catch (X509FileException e) {
            errors.add(site.key().origin().error(e.getMessage()));
        }
        if (chain == null || key == null) {
            return null;
        }
        try {
            ServerCredentials credentials = ServerCredentials.matched(chain, site.certificate().path(), key, site.key().path());
            warnIfExpired(site, credentials.chain().get(0));
            return credentials;
        } catch (X509FileException e) {
            errors.add(site.key().origin().error(e.getMessage()));
            return null;
        }
    }

    /** The configured policy settings as RFC 5280 §6.1.1 inputs. */
    private static ValidationPolicy.CertificatePolicies policies(CertificatePoliciesConfig config) {
        return new ValidationPolicy.CertificatePolicies(new LinkedHashSet<>(config.required()), config.requireExplicit(),
                config.inhibitMapping(), config.inhibitAnyPolicy());
    }

    private RevocationChecker revocation(RevocationConfig revocation, List<X509Certificate> issuers,
                                         Directories directories, List<ConfigError> errors) {
        if (!revocation.enabled()) {
            return RevocationChecker.NONE;
        }
        List<CrlFile> files = new ArrayList<>();
        int before = errors.size();
        for (FileRef ref : revocation.crlFiles()) {
            try {
                files.add(CrlFile.read(ref.path()));
            } catch (X509FileException e) {
                errors.add(ref.origin().error(e.getMessage()));
            }
        }
        // Nothing is watched or downloaded for a site that will not be served.
        return errors.size() > before ? RevocationChecker.NONE : SiteRevocation.start(revocation, files, issuers, clock,
                revocation.directory().flatMap(directories::get));
    }

    private static List<X509Certificate> readAll(List<FileRef> refs, List<ConfigError> errors) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (FileRef ref : refs) {
            try {
                certificates.addAll(CertificateFiles.readCertificatesFromFileOrDirectory(ref.path()));
            } catch (X509FileException e) {
                errors.add(ref.origin().error(e.getMessage()));
            }
        }
        return certificates;
    }

    private void warnIfExpired(SiteConfig site, X509Certificate server) {
        Instant now = clock.instant();
        if (server.getNotAfter().toInstant().isBefore(now)) {
            LOG.warn("{}: the server certificate of site {} expired at {}; clients will refuse it",
                    site.certificate().origin(), site.name(), server.getNotAfter().toInstant());
        }
    }
}
