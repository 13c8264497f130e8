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
            "x-ms-client-principal", "x-ms-client-principal-name", "x-ms-client-principal-id", // Azure App Service auth
            "remote-user", "x-remote-user", "x-authenticated-user", "x-webauth-user", "x-forwarded-user",
            "x-auth-request-user", "x-auth-request-email", "x-auth-request-groups", // oauth2-proxy, Grafana, Authelia
            "ssl-client-cert", "x-ssl-cert",               // Apache mod_ssl exports, nginx $ssl_client_cert
            "x-request-id");                               // certgate's own: backends correlate logs by it

    /**
     * Families trusted by some backend (folded prefixes): everything {@code X-Forwarded-*}
     * (de-facto proxy headers, Traefik's X-Forwarded-Tls-Client-Cert, Envoy's
     * X-Forwarded-Client-Cert), {@code X-Client-Cert*} (certgate's own, X-Client-Cert-Chain among
     * them, and F5's), {@code X-SSL-*} and {@code SSL-Client-*} (nginx and Apache
     * conventions), {@code X-Amzn-Mtls-*} (AWS ALB), {@code X-Envoy-*} (Envoy's internal headers),
     * {@code X-Remote-*} (certgate's own), {@code X-ARR-*} (IIS Application Request Routing and
     * Azure App Service: X-ARR-ClientCert, X-ARR-SSL), and {@code X-Http2-*} (Netty's HTTP/2
     * conversion headers).
     */
    static final List<String> BUILT_IN_PREFIXES = List.of("x-forwarded-", "x-client-cert", "x-ssl-", "ssl-client-",
            "x-amzn-mtls-", "x-envoy-", "x-remote-", "x-arr-", "x-http2-");

    /**
     * The folded names in an open-addressing table by the hash {@link #foldedHash} gives them, so
     * that a name is told apart without allocating (not even a boxed hash): this runs for every
     * request header.
     */
    private final String[] table;
    private final int mask;

    ProtectedHeaders(IdentityHeaderNames configured) {
        Set<String> all = new HashSet<>(BUILT_IN);
        IdentityHeaderNames.DEFAULTS.configured().forEach(n -> all.add(fold(n)));
        configured.configured().forEach(n -> all.add(fold(n)));
        configured.strip().forEach(n -> all.add(fold(n)));
        int size = Integer.highestOneBit(Math.max(16, all.size() * 4)); // load factor at most 1/2
        this.table = new String[size];
        this.mask = size - 1;
        for (String name : all) {
            int slot = foldedHash(name) & mask;
            while (table[slot] != null) {
                slot = (slot + 1) & mask;
            }
            table[slot] = name;
        }
    }

    /** True when a client must not send a header of this name (in any case, with '_' or '-'). */
    boolean contains(CharSequence name) {
        for (int slot = foldedHash(name) & mask; table[slot] != null; slot = (slot + 1) & mask) {
            if (table[slot].length() == name.length() && foldedStartsWith(name, table[slot])) {
                return true;
            }
        }
        for (String prefix : BUILT_IN_PREFIXES) {
            if (foldedStartsWith(name, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A hash of the folded name, computed on the name as sent (this runs for every request header). */
    private static int foldedHash(CharSequence name) {
        int hash = 0;
        for (int i = 0; i < name.length(); i++) {
            hash = 31 * hash + folded(name.charAt(i));
        }
        return hash;
    }

    /** True when {@code name}, folded, starts with {@code prefix} (already folded). */
    private static boolean foldedStartsWith(CharSequence name, String prefix) {
        if (name.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (folded(name.charAt(i)) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case, '_' as '-' (header names are tokens: ASCII only). */
    private static char folded(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        return c == '_' ? '-' : c;
    }

    /** Lower case with '_' as '-': the name a CGI-style backend would see. */
    static String fold(CharSequence name) {
        return name.toString().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
