package io.certgate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates a configuration file (SPEC §3). All mistakes of a file are reported
 * together, each as {@code file:line: key: what was expected}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads the file.
     *
     * @throws ConfigException with every mistake found
     */
    public static GatewayConfig load(Path file) throws ConfigException {
        Path absolute = file.toAbsolutePath().normalize();
        Set<ConfigError> errors = new LinkedHashSet<>();
        Section root = new Section(file, "", YamlTree.read(absolute, file), errors);

        List<ListenerConfig> listeners = listeners(root);
        Map<String, DirectoryConfig> directories = DirectoryBinder.directories(root);
        // Read before the sites: its formats and chain are what sites and locations that set none send.
        Optional<Section> identitySection = root.section("identityHeaders");
        IdentityFormatsConfig identityFormats = identitySection
                .map(s -> IdentityFormatsBinder.bind(s, IdentityFormatsConfig.DEFAULTS))
                .orElse(IdentityFormatsConfig.DEFAULTS);
        IdentityHeaderNames identityHeaders = identitySection.map(ConfigLoader::identityHeaders)
                .orElse(IdentityHeaderNames.DEFAULTS);
        List<SiteConfig> sites = new SiteBinder(root, directories, identityFormats).sites();
        ErrorsConfig detail = root.section("errors").map(s -> errors(s, errors)).orElse(ErrorsConfig.DEFAULTS);
        Optional<AccessLogConfig> accessLog = root.section("accessLog").flatMap(ConfigLoader::accessLog);
        Optional<Section> tls = root.section("tls");
        TlsProvider provider = tls.map(s -> s.enumValue("provider", TlsProvider.class, TlsProvider.AUTO))
                .orElse(TlsProvider.AUTO);
        Optional<SessionTicketsConfig> sessionTickets = tls.flatMap(s -> sessionTickets(s, provider));
        tls.ifPresent(Section::finish);
        Optional<AdminConfig> admin = admin(root, listeners);
        HttpConfig http = root.section("http").map(ConfigLoader::http).orElse(HttpConfig.DEFAULTS);
        Optional<ConnectionLogConfig> connectionLog = root.section("connectionLog").flatMap(ConfigLoader::connectionLog);
        ShutdownConfig shutdown = root.section("shutdown").map(ConfigLoader::shutdown).orElse(ShutdownConfig.DEFAULTS);
        root.finish();

        if (!errors.isEmpty()) {
            throw new ConfigException(List.copyOf(errors));
        }
        return new GatewayConfig(absolute, listeners, sites, detail, accessLog, provider, identityHeaders, admin, http,
                connectionLog, directories, sessionTickets, shutdown);
    }

    /**
     * {@code tls.sessionTickets: { keyFiles: [...] }}. The files' contents are read where the TLS
     * contexts are built (and again on every reload); here only that they are there.
     */
    private static Optional<SessionTicketsConfig> sessionTickets(Section tls, TlsProvider provider) {
        Optional<Section> section = tls.section("sessionTickets");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Section s = section.get();
        // Each file with its own line, so that "wrong size" points at the file's line of a multi-line list.
        List<FileRef> keyFiles = s.items("keyFiles").stream()
                .map(item -> new FileRef(s.resolve(item.text()), item.origin())).toList();
        s.finish();
        if (keyFiles.isEmpty()) {
            s.error("keyFiles", "required: the ticket key files, the one that encrypts first, such as"
                    + " [keys/current.key, keys/previous.key] (certgate pki ticket-key --out FILE writes one)");
            return Optional.empty();
        }
        Map<java.nio.file.Path, FileRef> seen = new HashMap<>();
        for (FileRef ref : keyFiles) {
            s.requireReadable(ref, false);
            if (seen.putIfAbsent(ref.path(), ref) != null) {
                s.report(ref.origin().error("lists " + ref.path() + " twice"));
            }
        }
        if (provider == TlsProvider.JDK) {
            // The JDK's TLS runs here with stateless tickets off (TlsProviders) and has no API to load keys.
            s.error("keyFiles", "shared session ticket keys need the BoringSSL provider; tls.provider is jdk"
                    + " (use boringssl or auto)");
        }
        return Optional.of(new SessionTicketsConfig(keyFiles, tls.origin("sessionTickets")));
    }

    /** {@code shutdown: { drainDelay, timeout }}; zero is allowed for both (stop at once). */
    private static ShutdownConfig shutdown(Section s) {
        java.time.Duration drainDelay = s.duration("drainDelay", ShutdownConfig.DEFAULT_DRAIN_DELAY);
        java.time.Duration timeout = s.duration("timeout", ShutdownConfig.DEFAULT_TIMEOUT);
        s.finish();
        return new ShutdownConfig(drainDelay, timeout);
    }

    private static List<ListenerConfig> listeners(Section root) {
        List<ListenerConfig> listeners = new ArrayList<>();
        if (!root.has("listen")) {
            root.error("listen", "required: at least one address to listen on, such as \"- address: 127.0.0.1:8443\"");
            return listeners;
        }
        Map<String, Origin> seen = new HashMap<>();
        for (Section s : root.sections("listen")) {
            Optional<String> address = s.requiredString("address");
            boolean redirect = s.bool("redirectToHttps", false);
            // A listener that says how to treat plain HTTP is a plain-HTTP listener; others speak TLS.
            ListenerProtocol fallback = s.has("redirectToHttps") ? ListenerProtocol.HTTP : ListenerProtocol.HTTPS;
            ListenerProtocol protocol = s.enumValue("protocol", ListenerProtocol.class, fallback);
            if (redirect && protocol == ListenerProtocol.HTTPS) {
                s.error("redirectToHttps", "only a plain-HTTP listener (protocol: http) can redirect to https");
            }
            Optional<ProxyProtocolConfig> proxyProtocol = ProxyProtocolBinder.listener(s);
            s.finish();
            address.flatMap(a -> parseAddress(a, s)).ifPresent(hp -> {
                String key = hp.host() + ":" + hp.port();
                if (hp.port() != 0 && seen.containsKey(key)) {
                    s.error("address", "listed twice (also at line " + seen.get(key).line() + ")");
                }
                seen.put(key, s.origin("address"));
                listeners.add(new ListenerConfig(hp.host(), hp.port(), protocol, redirect, proxyProtocol,
                        s.origin("address")));
            });
        }
        if (root.sections("listen").isEmpty()) {
            root.error("listen", "needs at least one address to listen on, such as \"- address: 127.0.0.1:8443\"");
        }
        if (!listeners.isEmpty() && listeners.stream().noneMatch(l -> l.protocol() == ListenerProtocol.HTTPS)) {
            root.error("listen", "needs at least one HTTPS listener (a listener without redirectToHttps)");
        }
        return listeners;
    }

    private record HostPort(String host, int port) {
    }

    /** {@code 127.0.0.1:8443}, {@code [::1]:8443}, {@code :8443} or {@code 8443} (every interface). */
    private static Optional<HostPort> parseAddress(String text, Section s) {
        String value = text.trim();
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf("]:");
            if (close < 0) {
                s.error("address", "expected [IPv6]:port, got \"" + text + "\"");
                return Optional.empty();
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else if (value.chars().allMatch(Character::isDigit)) {
            host = "";
            port = value;
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0 || value.indexOf(':') != colon) {
                s.error("address", "expected host:port such as 127.0.0.1:8443, got \"" + text + "\"");
                return Optional.empty();
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        try {
            int number = Integer.parseInt(port);
            if (number < 0 || number > 65535) {
                throw new NumberFormatException();
            }
            return Optional.of(new HostPort(host.equals("*") ? "" : host, number));
        } catch (NumberFormatException e) {
            s.error("address", "port must be a number from 0 to 65535, got \"" + port + "\"");
            return Optional.empty();
        }
    }

    /** Header names: an RFC 9110 token, or "off" to send no such header (formats and chain are read before). */
    private static IdentityHeaderNames identityHeaders(Section s) {
        List<String> defaults = IdentityHeaderNames.DEFAULTS.configured();
        List<Optional<String>> names = new ArrayList<>();
        for (int i = 0; i < IdentityHeaderNames.KEYS.size(); i++) {
            String key = IdentityHeaderNames.KEYS.get(i);
            Optional<String> value = s.string(key);
            if (value.isEmpty()) {
                names.add(Optional.of(defaults.get(i)));
            } else if (value.get().equalsIgnoreCase("off")) {
                names.add(Optional.empty());
            } else if (!value.get().matches(HEADER_NAME)) {
                s.error(key, "expected a header name (letters, digits, '-') or off, got \"" + value.get() + "\"");
                names.add(Optional.of(defaults.get(i)));
            } else {
                names.add(value);
            }
        }
        List<String> strip = new ArrayList<>();
        for (String name : s.strings("strip")) {
            if (name.matches(HEADER_NAME)) {
                strip.add(name);
            } else {
                s.error("strip", "expected header names (letters, digits, '-'), got \"" + name + "\"");
            }
        }
        s.finish();
        return new IdentityHeaderNames(names.get(0), names.get(1), names.get(2), names.get(3), names.get(4),
                names.get(5), names.get(6), names.get(7), names.get(8), names.get(9), names.get(10), names.get(11), strip);
    }

    /** {@code errors: { detail, pages }}. */
    private static ErrorsConfig errors(Section s, Set<ConfigError> errors) {
        ErrorDetail detail = s.enumValue("detail", ErrorDetail.class, ErrorDetail.DETAILED);
        Optional<ErrorPagesConfig> pages = s.file("pages")
                .flatMap(dir -> ErrorPagesConfig.read(dir.path(), dir.origin(), errors));
        s.finish();
        return new ErrorsConfig(detail, pages);
    }

    /** An RFC 9110 §5.6.2 token. */
    private static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /** The top-level {@code http:} block; every key has nginx's default. */
    private static HttpConfig http(Section s) {
        java.time.Duration header = s.duration("requestHeaderTimeout", HttpConfig.DEFAULT_REQUEST_HEADER_TIMEOUT);
        java.time.Duration body = s.duration("requestBodyTimeout", HttpConfig.DEFAULT_REQUEST_BODY_TIMEOUT);
        if (header.isZero()) {
            s.error("requestHeaderTimeout", "expected a positive duration such as 30s, got 0");
            header = HttpConfig.DEFAULT_REQUEST_HEADER_TIMEOUT;
        }
        if (body.isZero()) {
            s.error("requestBodyTimeout", "expected a positive duration such as 60s, got 0");
            body = HttpConfig.DEFAULT_REQUEST_BODY_TIMEOUT;
        }
        java.time.Duration keepAlive = s.duration("keepAliveTimeout", HttpConfig.DEFAULT_KEEP_ALIVE_TIMEOUT);
        if (keepAlive.isZero()) {
            s.error("keepAliveTimeout", "expected a positive duration such as 75s, got 0");
            keepAlive = HttpConfig.DEFAULT_KEEP_ALIVE_TIMEOUT;
        }
        int streams = s.integer("maxProxiedStreamsPerConnection", HttpConfig.DEFAULT_MAX_PROXIED_STREAMS, 1, 128);
        HttpConfig.UnderscoresInHeaders underscores = s.enumValue("underscoresInHeaders",
                HttpConfig.UnderscoresInHeaders.class, HttpConfig.UnderscoresInHeaders.DROP);
        s.finish();
        return new HttpConfig(header, body, streams, underscores, keepAlive);
    }

    /**
     * {@code admin:} alone (or with an empty map) means the default address; without the key there
     * is no admin listener at all, so that nothing listens that the administrator did not ask for.
     */
    private static Optional<AdminConfig> admin(Section root, List<ListenerConfig> listeners) {
        if (!root.has("admin")) {
            return Optional.empty();
        }
        Optional<Section> section = root.section("admin");
        if (section.isEmpty()) {
            return root.isNull("admin") ? Optional.of(new AdminConfig(AdminConfig.DEFAULT_HOST, AdminConfig.DEFAULT_PORT,
                    root.origin("admin"))) : Optional.empty();
        }
        Section s = section.get();
        Optional<String> text = s.string("address");
        s.finish();
        Optional<HostPort> address = text.isEmpty()
                ? Optional.of(new HostPort(AdminConfig.DEFAULT_HOST, AdminConfig.DEFAULT_PORT))
                : parseAddress(text.get(), s);
        address.ifPresent(hp -> listeners.stream()
                .filter(l -> hp.port() != 0 && l.port() == hp.port() && l.host().equals(hp.host()))
                .findFirst()
                .ifPresent(l -> s.error("address", "already used by the listener at line " + l.origin().line())));
        return address.map(hp -> new AdminConfig(hp.host(), hp.port(), s.origin("address")));
    }

    private static Optional<AccessLogConfig> accessLog(Section s) {
        Optional<String> file = s.requiredString("file");
        AccessLogFormat format = s.enumValue("format", AccessLogFormat.class, AccessLogFormat.W3C);
        List<W3cField> fields = W3cField.DEFAULTS;
        if (s.has("fields")) {
            fields = w3cFields(s);
            if (format != AccessLogFormat.W3C) {
                s.error("fields", "only format w3c takes a field list; format " + Section.yamlName(format)
                        + " always writes every field");
            }
        }
        s.finish();
        List<W3cField> chosen = fields;
        return file.map(f -> new AccessLogConfig(s.resolve(f), format, chosen, s.origin("file")));
    }

    /**
     * {@code fields:} as a list ({@code [date, time, ...]}) or as one string the way a
     * {@code #Fields:} line writes them, space-separated; names exactly as IIS spells them.
     */
    private static List<W3cField> w3cFields(Section s) {
        List<W3cField> fields = new ArrayList<>();
        for (Section.Item item : s.items("fields")) {
            for (String name : item.text().trim().split("\\s+")) {
                if (name.isEmpty()) {
                    continue;
                }
                Optional<W3cField> field = W3cField.byName(name);
                if (field.isEmpty()) {
                    String hint = W3cField.ignoringCase(name).map(f -> "; did you mean \"" + f.iisName() + "\"?")
                            .orElse(" (names as IIS spells them: " + W3cField.names() + ")");
                    s.report(item.origin().error("unknown W3C field \"" + name + "\"" + hint));
                } else if (fields.contains(field.get())) {
                    s.report(item.origin().error("\"" + name + "\" is listed twice"));
                } else {
                    fields.add(field.get());
                }
            }
        }
        if (fields.isEmpty()) {
            s.error("fields", "needs at least one field, such as [" + W3cField.line(W3cField.DEFAULTS).replace(" ", ", ") + "]");
            return W3cField.DEFAULTS;
        }
        return fields;
    }

    private static Optional<ConnectionLogConfig> connectionLog(Section s) {
        Optional<String> file = s.requiredString("file");
        ConnectionLogFormat format = s.enumValue("format", ConnectionLogFormat.class, ConnectionLogFormat.JSON);
        s.finish();
        return file.map(f -> new ConnectionLogConfig(s.resolve(f), format, s.origin("file")));
    }

}
