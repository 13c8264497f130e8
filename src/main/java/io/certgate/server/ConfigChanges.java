package io.certgate.server;

import io.certgate.config.AccessLogConfig;
import io.certgate.config.ConnectionLogConfig;
import io.certgate.config.AccountConfig;
import io.certgate.config.ClientCertificatesConfig;
import io.certgate.config.FileRef;
import io.certgate.config.GatewayConfig;
import io.certgate.config.ListenerConfig;
import io.certgate.config.LocationConfig;
import io.certgate.config.ManyToOneMappingConfig;
import io.certgate.config.ProxyConfig;
import io.certgate.config.RevocationConfig;
import io.certgate.config.SiteConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a reload changed, in one line for the log: "site localhost: certificate, crlFiles changed;
 * site app.example.com added; listen addresses need a restart". A setting counts as changed when
 * its value differs (line numbers do not count) or when a file it names changed on disk. The
 * same list of settings says which files a reload watches ({@link #files}).
 */
final class ConfigChanges {

    /** One thing of a site that can change, with the files it names. */
    private record Aspect(String key, Function<SiteConfig, Object> value, Function<SiteConfig, List<FileRef>> files) {
        Aspect(String key, Function<SiteConfig, Object> value) {
            this(key, value, site -> List.of());
        }
    }

    private static final List<Aspect> ASPECTS = List.of(
            new Aspect("hosts", SiteConfig::hosts),
            new Aspect("certificate", s -> s.certificate().path(), s -> List.of(s.certificate())),
            new Aspect("key", s -> s.key().path(), s -> List.of(s.key())),
            new Aspect("mode", s -> s.clientCertificates().mode()),
            new Aspect("trustedRoots", s -> paths(s.clientCertificates().trustedRoots()),
                    s -> s.clientCertificates().trustedRoots()),
            new Aspect("intermediates", s -> paths(s.clientCertificates().intermediates()),
                    s -> s.clientCertificates().intermediates()),
            new Aspect("advertise", s -> List.of(s.clientCertificates().advertise().mode(),
                    paths(s.clientCertificates().advertise().files())), s -> s.clientCertificates().advertise().files()),
            new Aspect("maxChainLength", s -> s.clientCertificates().maxChainLength()),
            new Aspect("maxChainBytes", s -> s.clientCertificates().maxChainBytes()),
            new Aspect("crlFiles", s -> paths(s.clientCertificates().revocation().crlFiles()),
                    s -> s.clientCertificates().revocation().crlFiles()),
            new Aspect("revocation", s -> revocationSettings(s.clientCertificates())),
            new Aspect("accounts", ConfigChanges::accounts),
            new Aspect("oneToOneMappings", s -> s.oneToOneMappings().stream()
                    .map(m -> List.of(m.certificate().map(FileRef::path), m.sha256(), m.userName(), m.enabled())).toList(),
                    s -> s.oneToOneMappings().stream().flatMap(m -> m.certificate().stream()).toList()),
            new Aspect("directoryMapping", s -> s.directoryMappings().stream()
                    .map(m -> List.of(m.directory(), m.form(), m.searchedAttribute(), m.strength())).toList()),
            new Aspect("manyToOneMappings", s -> s.manyToOneMappings().stream().map(ConfigChanges::mapping).toList()),
            new Aspect("locations", s -> s.locations().stream().map(ConfigChanges::location).toList()),
            // The files of https backends: a changed root, client certificate or key is read again.
            new Aspect("proxy.tls", s -> List.of(), s -> s.locations().stream()
                    .flatMap(l -> l.proxy().flatMap(ProxyConfig::tls).stream())
                    .flatMap(tls -> tls.files().stream()).toList()),
            new Aspect("hsts", SiteConfig::hsts));

    private ConfigChanges() {
    }

    /**
     * Every file the configuration makes certgate read when it builds a runtime: the
     * configuration itself, the session ticket key files and the files its sites name, https
     * backends' TLS files among them. What a reload watches. (Static roots are read live, not at
     * build time.)
     */
    static List<Path> files(GatewayConfig config) {
        List<Path> files = new ArrayList<>();
        files.add(config.file());
        files.addAll(ticketKeyFiles(config));
        for (SiteConfig site : config.sites()) {
            for (Aspect aspect : ASPECTS) {
                aspect.files().apply(site).forEach(ref -> files.add(ref.path()));
            }
        }
        return files.stream().distinct().toList();
    }

    /**
     * @param changedFiles files that changed on disk since {@code before} was loaded
     * @return the changes, or "no changes"
     */
    static String describe(GatewayConfig before, GatewayConfig after, Set<Path> changedFiles) {
        List<String> clauses = new ArrayList<>();
        Map<String, SiteConfig> old = bySite(before);
        Map<String, SiteConfig> now = bySite(after);
        for (SiteConfig site : after.sites()) {
            SiteConfig previous = old.get(site.name());
            if (previous == null) {
                clauses.add("site " + site.name() + " added");
                continue;
            }
            List<String> keys = new ArrayList<>();
            for (Aspect aspect : ASPECTS) {
                boolean changed = !Objects.equals(aspect.value().apply(previous), aspect.value().apply(site))
                        || aspect.files().apply(site).stream().anyMatch(f -> changedFiles.contains(f.path()));
                if (changed) {
                    keys.add(aspect.key());
                }
            }
            if (!keys.isEmpty()) {
                clauses.add("site " + site.name() + ": " + String.join(", ", keys) + " changed");
            }
        }
        old.keySet().stream().filter(name -> !now.containsKey(name)).forEach(name -> clauses.add("site " + name + " removed"));
        if (!before.errors().detail().equals(after.errors().detail())) {
            clauses.add("errors.detail changed");
        }
        if (!before.errors().pages().equals(after.errors().pages())) {
            clauses.add("errors.pages changed");
        }
        if (!before.accessLog().map(AccessLogConfig::output).equals(after.accessLog().map(AccessLogConfig::output))) {
            clauses.add("accessLog changed");
        }
        if (!before.connectionLog().map(ConnectionLogConfig::output).equals(after.connectionLog().map(ConnectionLogConfig::output))) {
            clauses.add("connectionLog changed");
        }
        if (!before.identityHeaders().equals(after.identityHeaders())) {
            clauses.add("identityHeaders changed");
        }
        if (!ticketKeyFiles(before).equals(ticketKeyFiles(after))
                || ticketKeyFiles(after).stream().anyMatch(changedFiles::contains)) {
            clauses.add("tls.sessionTickets changed");
        }
        if (!before.shutdown().equals(after.shutdown())) {
            clauses.add("shutdown changed");
        }
        clauses.addAll(restartOnly(before, after));
        return clauses.isEmpty() ? "no changes" : String.join("; ", clauses);
    }

    /** True when the change touches something only a restart applies (the reload then warns). */
    static boolean needsRestart(GatewayConfig before, GatewayConfig after) {
        return !restartOnly(before, after).isEmpty();
    }

    /** The changes a reload cannot apply, as clauses of {@link #describe}. */
    private static List<String> restartOnly(GatewayConfig before, GatewayConfig after) {
        List<String> clauses = new ArrayList<>();
        if (!listeners(before).equals(listeners(after))) {
            clauses.add("listen addresses need a restart");
        }
        if (!before.admin().map(a -> a.host() + ":" + a.port()).equals(after.admin().map(a -> a.host() + ":" + a.port()))) {
            clauses.add("admin.address needs a restart");
        }
        if (before.tlsProvider() != after.tlsProvider()) {
            clauses.add("tls.provider needs a restart");
        }
        return clauses;
    }

    /** The ticket key files in order (the order matters: the first encrypts). */
    private static List<Path> ticketKeyFiles(GatewayConfig config) {
        return config.sessionTickets().map(t -> paths(t.keyFiles())).orElse(List.of());
    }

    private static Map<String, SiteConfig> bySite(GatewayConfig config) {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        config.sites().forEach(site -> sites.put(site.name(), site));
        return sites;
    }

    private static List<Path> paths(List<FileRef> refs) {
        return refs.stream().map(FileRef::path).toList();
    }

    private static List<String> listeners(GatewayConfig config) {
        // The PROXY protocol settings are the listener's too: its pipeline is made when it is bound.
        return config.listeners().stream().map(l -> l + (l.redirectToHttps() ? " redirect" : "")
                + l.proxyProtocol().map(p -> " " + p).orElse("")).sorted().toList();
    }

    private static Object revocationSettings(ClientCertificatesConfig cc) {
        RevocationConfig r = cc.revocation();
        return List.of(r.fetchDistributionPoints(), r.ocsp(), r.onUnavailable(), r.refreshInterval(), r.scope());
    }

    private static Object accounts(SiteConfig site) {
        Map<String, Object> accounts = new LinkedHashMap<>();
        for (AccountConfig account : site.accounts().values()) {
            accounts.put(account.name(), List.of(account.groups(), account.enabled()));
        }
        return accounts;
    }

    private static Object mapping(ManyToOneMappingConfig m) {
        return List.of(m.name(), m.permissionMode(), m.userName(), m.enabled(), m.rules().stream()
                .map(r -> List.of(r.certificateField(), r.certificateSubField(), r.matchCriteria(), r.compareCaseSensitive()))
                .toList());
    }

    private static Object location(LocationConfig l) {
        return List.of(l.path(), l.mode(), l.root(), l.proxy(), l.access(), l.identityFormats());
    }
}
