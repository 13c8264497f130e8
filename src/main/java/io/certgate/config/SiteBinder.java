package io.certgate.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Binds the {@code sites:} list: hosts, server certificate, client-certificate policy, locations. */
final class SiteBinder {

    /** Longer chains than this are not a real PKI; a cap keeps path building cheap. */
    static final int MAX_CHAIN_LENGTH_LIMIT = 20;
    static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofHours(1);
    /** A CRL smaller than this cannot hold its own signature; a limit below it is a typo. */
    static final long MIN_CRL_SIZE = 1024;
    /** The CRL file limit: nothing bigger is read into memory, downloaded or not. */
    static final long MAX_CRL_SIZE = 512L * 1024 * 1024;

    private final Section root;
    private final Map<String, DirectoryConfig> directories;
    /** The top level's identityHeaders formats and chain: what a site that sets none sends. */
    private final IdentityFormatsConfig identityFormats;

    SiteBinder(Section root, Map<String, DirectoryConfig> directories, IdentityFormatsConfig identityFormats) {
        this.root = root;
        this.directories = directories;
        this.identityFormats = identityFormats;
    }

    List<SiteConfig> sites() {
        List<SiteConfig> sites = new ArrayList<>();
        if (!root.has("sites")) {
            root.error("sites", "required: at least one site with hosts, certificate, key and locations");
            return sites;
        }
        Map<String, Origin> hostOwners = new HashMap<>();
        List<Section> sections = root.sections("sites");
        for (int i = 0; i < sections.size(); i++) {
            site(sections.get(i), i, hostOwners).ifPresent(sites::add);
        }
        if (sections.isEmpty()) {
            root.error("sites", "needs at least one site");
        }
        return sites;
    }

    private Optional<SiteConfig> site(Section s, int index, Map<String, Origin> hostOwners) {
        List<String> hosts = new ArrayList<>();
        for (String host : s.strings("hosts")) {
            String normalized = host.trim().toLowerCase(Locale.ROOT);
            if (!validHostPattern(normalized)) {
                s.error("hosts", "\"" + host + "\" is not a host name, \"*.domain\" or \"*\"");
                continue;
            }
            if (hosts.contains(normalized)) {
                s.error("hosts", "\"" + host + "\" is listed twice");
                continue;
            }
            Origin previous = hostOwners.putIfAbsent(normalized, s.origin("hosts"));
            if (previous != null) {
                s.error("hosts", "\"" + host + "\" is already served by the site at line " + previous.line());
            }
            hosts.add(normalized);
        }
        if (hosts.isEmpty() && s.strings("hosts").isEmpty()) {
            s.error("hosts", "required: the names this site answers to, such as [\"localhost\"], or [\"*\"] for any");
        }
        Optional<FileRef> certificate = s.file("certificate");
        Optional<FileRef> key = s.file("key");
        if (certificate.isEmpty()) {
            s.error("certificate", "required: the server certificate chain (PEM, leaf first)");
        }
        if (key.isEmpty()) {
            s.error("key", "required: the server certificate's private key (PEM)");
        }
        certificate.ifPresent(f -> s.requireReadable(f, false));
        key.ifPresent(f -> s.requireReadable(f, false));

        ClientCertificatesConfig clientCertificates = clientCertificates(s);
        Map<String, AccountConfig> accounts = MappingBinder.accounts(s);
        List<OneToOneMappingConfig> oneToOne = MappingBinder.oneToOne(s, accounts);
        List<ManyToOneMappingConfig> manyToOne = MappingBinder.manyToOne(s, accounts);
        List<DirectoryMappingConfig> directoryMappings = DirectoryBinder.mappings(s, directories);
        // Accounts and groups from a directory are not known until a certificate arrives.
        boolean directoryAccounts = !directoryMappings.isEmpty();
        IdentityFormatsConfig siteFormats = IdentityFormatsBinder.nested(s, identityFormats);
        List<LocationConfig> locations = locations(s, clientCertificates.mode(), accounts, directoryAccounts,
                siteFormats);
        Optional<LocationConfig> asking = locations.stream().filter(l -> l.mode().asksForCertificate()).findFirst();
        if (asking.isPresent() && clientCertificates.trustedRoots().isEmpty()) {
            Origin where = clientCertificates.mode().asksForCertificate() ? s.origin("clientCertificates")
                    : asking.get().origin();
            s.report(where.error("mode " + Section.yamlName(asking.get().mode()) + " needs clientCertificates.trustedRoots:"
                    + " only certificates that chain to a configured root are trusted"));
        }
        Optional<HstsConfig> hsts = hsts(s);
        s.finish();
        if (certificate.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        String name = hosts.isEmpty() ? "site" + index : hosts.get(0);
        return Optional.of(new SiteConfig(name, hosts, certificate.get(), key.get(), clientCertificates, accounts,
                oneToOne, manyToOne, locations, hsts, s.origin(), directoryMappings));
    }

    /** RFC 6797 §6.1: {@code hsts: { maxAge: 180d, includeSubDomains: false, preload: false }}. */
    private static Optional<HstsConfig> hsts(Section site) {
        Optional<Section> maybe = site.section("hsts");
        if (maybe.isEmpty()) {
            if (site.has("hsts") && !site.isNull("hsts")) {
                site.error("hsts", "expected a map such as { maxAge: 180d, includeSubDomains: false }");
            }
            return Optional.empty();
        }
        Section s = maybe.get();
        if (!s.has("maxAge")) {
            s.error("maxAge", "required: how long browsers keep to HTTPS, such as 180d (0s tells them to forget)");
        }
        Duration maxAge = s.duration("maxAge", Duration.ZERO);
        if (maxAge.toMillis() % 1000 != 0) {
            s.error("maxAge", "expected whole seconds (max-age counts seconds), got " + maxAge.toMillis() + "ms");
        }
        boolean includeSubDomains = s.bool("includeSubDomains", false);
        boolean preload = s.bool("preload", false);
        if (preload && (!includeSubDomains || maxAge.compareTo(Duration.ofDays(365)) < 0)) {
            s.error("preload", "the browsers' preload lists take only maxAge: 365d with includeSubDomains: true");
        }
        s.finish();
        return Optional.of(new HstsConfig(maxAge, includeSubDomains, preload));
    }

    private static boolean validHostPattern(String host) {
        if (host.equals("*")) {
            return true;
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        return !name.isEmpty() && name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|[0-9a-f:.]+");
    }

    private ClientCertificatesConfig clientCertificates(Section site) {
        Optional<Section> maybe = site.section("clientCertificates");
        if (maybe.isEmpty()) {
            return new ClientCertificatesConfig(ClientCertMode.IGNORE, List.of(), List.of(),
                    new AdvertiseConfig(AdvertiseMode.TRUSTED, List.of()), ClientCertificatesConfig.DEFAULT_MAX_CHAIN_LENGTH,
                    new RevocationConfig(List.of(), false, OcspMode.OFF, OnUnavailable.DENY, DEFAULT_REFRESH_INTERVAL,
                            RevocationScope.CHAIN), CertificatePoliciesConfig.NONE, site.origin("clientCertificates"));
        }
        Section s = maybe.get();
        ClientCertMode mode = s.enumValue("mode", ClientCertMode.class, ClientCertMode.IGNORE);
        List<FileRef> roots = s.files("trustedRoots");
        roots.forEach(f -> s.requireReadable(f, true));
        List<FileRef> intermediates = s.files("intermediates");
        intermediates.forEach(f -> s.requireReadable(f, true));
        AdvertiseConfig advertise = advertise(s);
        int maxChainLength = s.integer("maxChainLength", ClientCertificatesConfig.DEFAULT_MAX_CHAIN_LENGTH, 1, MAX_CHAIN_LENGTH_LIMIT);
        int maxChainBytes = (int) s.size("maxChainBytes", ClientCertificatesConfig.DEFAULT_MAX_CHAIN_BYTES,
                ClientCertificatesConfig.MIN_CHAIN_BYTES, ClientCertificatesConfig.MAX_CHAIN_BYTES_LIMIT);
        RevocationConfig revocation = revocation(s);
        CertificatePoliciesConfig policies = PoliciesBinder.policies(s);
        s.finish();
        return new ClientCertificatesConfig(mode, roots, intermediates, advertise, maxChainLength, revocation, policies,
                s.origin(), maxChainBytes);
    }

    private static AdvertiseConfig advertise(Section s) {
        if (!s.has("advertise")) {
            return new AdvertiseConfig(AdvertiseMode.TRUSTED, List.of());
        }
        Optional<String> single = Optional.empty();
        List<String> texts = s.strings("advertise");
        if (texts.size() == 1) {
            single = Optional.of(texts.get(0).trim().toLowerCase(Locale.ROOT));
        }
        if (single.filter("trusted"::equals).isPresent()) {
            return new AdvertiseConfig(AdvertiseMode.TRUSTED, List.of());
        }
        if (single.filter("none"::equals).isPresent()) {
            return new AdvertiseConfig(AdvertiseMode.NONE, List.of());
        }
        List<FileRef> files = s.files("advertise");
        files.forEach(f -> s.requireReadable(f, true));
        if (files.isEmpty()) {
            s.error("advertise", "expected trusted, none, or a list of certificate files");
        }
        return new AdvertiseConfig(AdvertiseMode.LIST, files);
    }

    private RevocationConfig revocation(Section parent) {
        Optional<Section> maybe = parent.section("revocation");
        if (maybe.isEmpty()) {
            return new RevocationConfig(List.of(), false, OcspMode.OFF, OnUnavailable.DENY, DEFAULT_REFRESH_INTERVAL,
                    RevocationScope.CHAIN);
        }
        Section s = maybe.get();
        List<FileRef> crlFiles = s.files("crlFiles");
        crlFiles.forEach(f -> s.requireReadable(f, false));
        boolean fetch = s.bool("fetchDistributionPoints", false);
        OcspMode ocsp = s.enumValue("ocsp", OcspMode.class, OcspMode.OFF);
        OnUnavailable onUnavailable = s.enumValue("onUnavailable", OnUnavailable.class, OnUnavailable.DENY);
        Duration refresh = s.duration("refreshInterval", DEFAULT_REFRESH_INTERVAL);
        if (refresh.isZero()) {
            s.error("refreshInterval", "must be longer than 0");
        }
        RevocationScope scope = s.enumValue("scope", RevocationScope.class, RevocationScope.CHAIN);
        Duration grace = s.duration("grace", RevocationConfig.DEFAULT_GRACE);
        Duration connectTimeout = positive(s, "connectTimeout", RevocationConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration readTimeout = positive(s, "readTimeout", RevocationConfig.DEFAULT_READ_TIMEOUT);
        long maxCrlSize = s.size("maxCrlSize", RevocationConfig.DEFAULT_MAX_CRL_SIZE, MIN_CRL_SIZE, MAX_CRL_SIZE);
        boolean nonce = s.bool("ocspNonce", false);
        Optional<java.net.URI> ldapServer = ldapServer(s);
        Optional<String> directory = directory(s);
        if (ldapServer.isPresent() && directory.isPresent()) {
            s.error("directory", "give either ldapServer (asked anonymously) or directory (asked with its bind and"
                    + " TLS) for hostless ldap:/// distribution points, not both");
            directory = Optional.empty();
        }
        s.finish();
        return new RevocationConfig(crlFiles, fetch, ocsp, onUnavailable, refresh, scope, grace, connectTimeout,
                readTimeout, maxCrlSize, nonce, ldapServer, directory);
    }

    /**
     * {@code revocation.directory}: a directory of {@code directories:} whose server answers AD's
     * hostless {@code ldap:///} distribution points, with its bind, TLS and connection pool.
     */
    private Optional<String> directory(Section s) {
        Optional<String> name = s.string("directory").map(String::trim);
        if (name.isPresent() && !directories.containsKey(name.get())) {
            s.error("directory", "no directory \"" + name.get() + "\" in directories" + (directories.isEmpty()
                    ? " (none is configured)" : " (known: " + String.join(", ", directories.keySet()) + ")"));
            return Optional.empty();
        }
        return name;
    }

    /**
     * {@code revocation.ldapServer}: where AD's hostless {@code ldap:///CN=...,CN=CDP,...} distribution
     * points are read (RFC 4516 §2 lets a URL leave the host to the client). Only scheme, host and port.
     */
    private static Optional<java.net.URI> ldapServer(Section s) {
        Optional<String> text = s.string("ldapServer");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(text.get().trim());
        } catch (java.net.URISyntaxException e) {
            s.error("ldapServer", "is not a URL: " + e.getReason() + "; expected such as ldap://dc1.example.com:389");
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
            s.error("ldapServer", "must be an ldap:// or ldaps:// URL, such as ldap://dc1.example.com:389");
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            s.error("ldapServer", "names no host; expected such as ldap://dc1.example.com:389");
            return Optional.empty();
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null) {
            s.error("ldapServer", "names only the server (scheme, host and port); the entry comes from each"
                    + " distribution point");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static Duration positive(Section s, String key, Duration fallback) {
        Duration value = s.duration(key, fallback);
        if (value.isZero()) {
            s.error(key, "must be longer than 0");
            return fallback;
        }
        return value;
    }

    private static List<LocationConfig> locations(Section site, ClientCertMode siteMode,
                                                  Map<String, AccountConfig> accounts, boolean directoryAccounts,
                                                  IdentityFormatsConfig siteFormats) {
        List<LocationConfig> locations = new ArrayList<>();
        if (!site.has("locations")) {
            site.error("locations", "required: at least one location, such as \"- path: /\" with \"root: www\"");
            return locations;
        }
        Map<String, Origin> seen = new HashMap<>();
        if (site.sections("locations").isEmpty()) {
            site.error("locations", "needs at least one location, such as \"- path: /\" with \"root: www\"");
        }
        for (Section s : site.sections("locations")) {
            Optional<String> path = s.requiredString("path");
            Optional<Section> cc = s.section("clientCertificates");
            ClientCertMode mode = cc.map(c -> c.enumValue("mode", ClientCertMode.class, siteMode)).orElse(siteMode);
            CertificatePoliciesConfig policies = cc.map(PoliciesBinder::policies).orElse(CertificatePoliciesConfig.NONE);
            cc.ifPresent(Section::finish);
            if (!policies.isNone() && mode == ClientCertMode.IGNORE) {
                // As with access rules: a requirement on a certificate that this mode discards would never be met.
                cc.get().error("policies", "certificate policies need a certificate to check, but this location's"
                        + " mode is ignore; use accept or require");
            }
            Optional<Path> root = s.string("root").map(s::resolve);
            root.ifPresent(r -> {
                if (!Files.isDirectory(r)) {
                    s.error("root", "not a directory: " + r);
                }
            });
            Optional<ProxyConfig> proxy = ProxyBinder.proxy(s);
            if (root.isPresent() == s.has("proxy")) {
                s.error(root.isPresent() ? "proxy" : "root", "a location needs exactly one of root (static files)"
                        + " and proxy (a backend URL)");
            }
            AccessRuleConfig access = access(s, accounts, directoryAccounts);
            if (root.isPresent() && s.has("identityHeaders")) {
                s.error("identityHeaders", "describes the client to a backend, but this location serves files (root);"
                        + " set it on a proxy location or on the site");
            }
            IdentityFormatsConfig formats = IdentityFormatsBinder.nested(s, siteFormats);
            if (!access.isEmpty() && mode == ClientCertMode.IGNORE) {
                s.error("access", "access rules need a certificate to identify the account, but this location's"
                        + " mode is ignore; use accept or require");
            }
            s.finish();
            path.ifPresent(p -> {
                if (!p.startsWith("/") || p.contains("//") || p.contains("/../") || p.endsWith("/..")) {
                    s.error("path", "expected an absolute path prefix such as /admin, got \"" + p + "\"");
                    return;
                }
                String normalized = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
                Origin previous = seen.putIfAbsent(normalized, s.origin("path"));
                if (previous != null) {
                    s.error("path", "\"" + p + "\" is already a location at line " + previous.line());
                }
                locations.add(new LocationConfig(normalized, mode, root, proxy, access, policies, s.origin(), formats));
            });
        }
        return locations;
    }

    private static AccessRuleConfig access(Section location, Map<String, AccountConfig> accounts,
                                           boolean directoryAccounts) {
        Optional<Section> maybe = location.section("access");
        if (maybe.isEmpty()) {
            return AccessRuleConfig.NONE;
        }
        Section s = maybe.get();
        List<String> allowUsers = s.strings("allowUsers");
        List<String> allowGroups = s.strings("allowGroups");
        List<String> denyUsers = s.strings("denyUsers");
        List<String> denyGroups = s.strings("denyGroups");
        s.finish();
        java.util.Set<String> groups = new java.util.TreeSet<>();
        accounts.values().forEach(a -> groups.addAll(a.groups()));
        AccessRuleConfig rule = new AccessRuleConfig(allowUsers, allowGroups, denyUsers, denyGroups);
        if (directoryAccounts) {
            return rule;
        }
        for (String key : List.of("allowUsers", "denyUsers")) {
            for (String user : s.strings(key)) {
                MappingBinder.requireAccount(s, key, user, accounts);
            }
        }
        for (String key : List.of("allowGroups", "denyGroups")) {
            for (String group : s.strings(key)) {
                if (!groups.contains(group)) {
                    s.error(key, "no account is in group \"" + group + "\"" + (groups.isEmpty() ? ""
                            : " (groups: " + String.join(", ", groups) + ")"));
                }
            }
        }
        if (!rule.isEmpty() && accounts.isEmpty()) {
            location.error("access", "access rules name accounts, but the site has no accounts and mappings to"
                    + " turn certificates into them");
        }
        return rule;
    }
}
