package io.certgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds a location's {@code proxy}: either a URL ({@code proxy: http://127.0.0.1:9000}) or a map
 * with {@code url}, {@code connectTimeout}, {@code readTimeout}, {@code preserveHost},
 * {@code sendProxyProtocol} and, for an {@code https://} URL, {@code tls} ({@link UpstreamTlsBinder}).
 */
final class ProxyBinder {

    /** nginx's proxy_connect_timeout default is 60 s; a backend on the same network answers in far less. */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** nginx's proxy_read_timeout default. */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private ProxyBinder() {
    }

    static Optional<ProxyConfig> proxy(Section location) {
        if (!location.has("proxy")) {
            return Optional.empty();
        }
        Optional<Section> map = location.isMap("proxy") ? location.section("proxy") : Optional.empty();
        String url;
        Duration connect = DEFAULT_CONNECT_TIMEOUT;
        Duration read = DEFAULT_READ_TIMEOUT;
        boolean preserveHost = true;
        Optional<ProxyProtocolVersion> sendProxyProtocol = Optional.empty();
        Section where = location;
        String key = "proxy";
        Optional<Section> tls = Optional.empty();
        if (map.isPresent()) {
            Section s = map.get();
            Optional<String> given = s.requiredString("url");
            connect = s.duration("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
            read = s.duration("readTimeout", DEFAULT_READ_TIMEOUT);
            preserveHost = s.bool("preserveHost", true);
            sendProxyProtocol = ProxyProtocolBinder.send(s);
            tls = s.section("tls");
            s.finish();
            if (given.isEmpty()) {
                return Optional.empty();
            }
            url = given.get();
            where = s;
            key = "url";
        } else {
            Optional<String> given = location.string("proxy");
            if (given.isEmpty()) {
                return Optional.empty();
            }
            url = given.get();
        }
        return parse(url, connect, read, preserveHost, tls, sendProxyProtocol, where, key);
    }

    private static Optional<ProxyConfig> parse(String url, Duration connect, Duration read, boolean preserveHost,
                                               Optional<Section> tlsSection, Optional<ProxyProtocolVersion> sendProxyProtocol,
                                               Section s, String key) {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean https = scheme.equals("https");
            if (!(https || scheme.equals("http")) || uri.getHost() == null) {
                s.error(key, "expected a backend URL such as http://127.0.0.1:9000 or https://app.internal:8443, got \""
                        + url + "\"");
                return Optional.empty();
            }
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null) {
                s.error(key, "a backend URL names a host and port only; the request path is passed on unchanged");
                return Optional.empty();
            }
            if (connect.isZero() || read.isZero()) {
                s.error(key, "timeouts must be longer than 0");
            }
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            Optional<UpstreamTlsConfig> tls = Optional.empty();
            if (https && tlsSection.isEmpty()) {
                // Never TLS without verification: a backend certificate nobody checks protects nothing.
                s.error(key, "an https backend needs tls.trustedRoots, the CA that issued the backend's certificate;"
                        + " write proxy as a map: { url: " + url.trim() + ", tls: { trustedRoots: [ca.pem] } }");
                return Optional.empty();
            }
            if (!https && tlsSection.isPresent()) {
                s.error("tls", "tls applies to https:// backends only; write https://" + uri.getRawAuthority()
                        + " or remove tls");
                return Optional.empty();
            }
            if (https) {
                tls = UpstreamTlsBinder.tls(tlsSection.get(), host);
                if (tls.isEmpty()) {
                    return Optional.empty();
                }
            }
            int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
            return Optional.of(new ProxyConfig(url.trim(), host, port, connect, read, preserveHost, tls, sendProxyProtocol));
        } catch (URISyntaxException e) {
            s.error(key, "not a URL: " + e.getMessage());
            return Optional.empty();
        }
    }
}
