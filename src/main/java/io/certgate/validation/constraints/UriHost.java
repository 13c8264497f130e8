package io.certgate.validation.constraints;

import java.util.Optional;

/**
 * The parts of a URI that name constraints look at (RFC 3986 §3): the scheme, and the host of
 * the authority. Read by hand rather than with java.net.URI, which refuses or reinterprets
 * some forms; what is read here is exactly what is compared.
 */
final class UriHost {

    private UriHost() {
    }

    /** The scheme, when the URI starts with a valid one followed by ':'. */
    static Optional<String> scheme(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String scheme = uri.substring(0, colon);
        if (!isAsciiLetter(scheme.charAt(0))) {
            return Optional.empty();
        }
        for (int i = 1; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return Optional.empty();
            }
        }
        return Optional.of(scheme);
    }

    /**
     * The host of {@code scheme://[userinfo@]host[:port]/...}, without userinfo and port; empty
     * when the URI has no authority or an empty host ({@code urn:...}, {@code file:///x}).
     * An IP literal comes back as written, brackets included.
     */
    static Optional<String> host(String uri) {
        Optional<String> scheme = scheme(uri);
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        String rest = uri.substring(scheme.get().length() + 1);
        if (!rest.startsWith("//")) {
            return Optional.empty();
        }
        String authority = rest.substring(2);
        int end = authority.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = authority.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        authority = authority.substring(0, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close < 0 ? authority : authority.substring(0, close + 1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
        }
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    /** True for a host written as an address: {@code [v6]} or dotted IPv4 digits. */
    static boolean isAddress(String host) {
        return host.startsWith("[") || host.matches("[0-9]+(\\.[0-9]+){3}");
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
