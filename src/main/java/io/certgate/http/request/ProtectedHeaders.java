package io.certgate.http.request;

import io.certgate.config.IdentityHeaderNames;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request headers no client may send, because a backend behind certgate may trust them: the
 * identity headers certgate sets (default and configured names), {@code identityHeaders.strip},
 * and a built-in list of headers that other proxies, load balancers and frameworks set for their
 * backends. Names are compared after case folding and with {@code _} read as {@code -}, because
 * CGI, WSGI, PHP and Rack backends see {@code X_Remote_User} and {@code X-Remote-User} as the same
 * {@code HTTP_X_REMOTE_USER}.
 */
public final class ProtectedHeaders {

    /**
     * Headers trusted by some backend, whoever sets them (folded: lower case, '-'). Each line says
     * who sets it.
     */
    static final List<String> BUILT_IN = List.of(
            "forwarded",                                   // RFC 7239
            "x-real-ip", "x-client-ip", "true-client-ip", "x-cluster-client-ip", "cf-connecting-ip",
            "fastly-client-ip",                            // nginx realip, Akamai, Cloudflare, Fastly
            "x-original-url", "x-rewrite-url", "x-original-uri", // IIS URL Rewrite, Symfony, Laravel, nginx auth_request
            "x-http-method-override", "x-http-method", "x-method-override", // method overrides (Rails, Express, ASP.NET)
            "client-cert", "client-cert-chain",            // RFC 9440
            "x-arr-clientcert", "x-arr-ssl",               // IIS Application Request Routing, Azure App Service
            "x-ms-client-principal", "x-ms-client-principal-name", "x-ms-client-principal-id", // Azure App Service auth
            "remote-user", "x-remote-user", "x-authenticated-user", "x-webauth-user", "x-forwarded-user",
            "x-auth-request-user", "x-auth-request-email", "x-auth-request-groups", // oauth2-proxy, Grafana, Authelia
            "ssl-client-cert", "x-ssl-cert");              // Apache mod_ssl exports, nginx $ssl_client_cert

    /**
     * Families trusted by some backend (folded prefixes): everything {@code X-Forwarded-*}
     * (de-facto proxy headers, Traefik's X-Forwarded-Tls-Client-Cert), {@code X-Client-Cert*}
     * (certgate's own and F5's), {@code X-SSL-*} and {@code SSL-Client-*} (nginx and Apache
     * conventions), {@code X-Amzn-Mtls-*} (AWS ALB), {@code X-Envoy-*} (Envoy's internal headers),
     * {@code X-Remote-*} (certgate's own), and {@code X-Http2-*} (Netty's HTTP/2 conversion headers).
     */
    static final List<String> BUILT_IN_PREFIXES = List.of("x-forwarded-", "x-client-cert", "x-ssl-", "ssl-client-",
            "x-amzn-mtls-", "x-envoy-", "x-remote-", "x-http2-");

    private final Set<String> names;

    ProtectedHeaders(IdentityHeaderNames configured) {
        Set<String> all = new HashSet<>(BUILT_IN);
        IdentityHeaderNames.DEFAULTS.configured().forEach(n -> all.add(fold(n)));
        configured.configured().forEach(n -> all.add(fold(n)));
        configured.strip().forEach(n -> all.add(fold(n)));
        this.names = Set.copyOf(all);
    }

    /** True when a client must not send a header of this name (in any case, with '_' or '-'). */
    boolean contains(CharSequence name) {
        if (name.length() == 0) {
            return false;
        }
        char first = Character.toLowerCase(name.charAt(0));
        // Every protected name starts with one of these: most headers are told apart without folding.
        if (first != 'x' && first != 'f' && first != 'c' && first != 'r' && first != 's' && first != 't') {
            return false;
        }
        String folded = fold(name);
        if (names.contains(folded)) {
            return true;
        }
        for (String prefix : BUILT_IN_PREFIXES) {
            if (folded.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case with '_' as '-': the name a CGI-style backend would see. */
    static String fold(CharSequence name) {
        return name.toString().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
