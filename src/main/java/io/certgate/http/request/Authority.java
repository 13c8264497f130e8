package io.certgate.http.request;

import java.util.Locale;
import java.util.Optional;

/**
 * A Host header or an absolute-form target's authority, checked as RFC 9112 §3.2 and RFC 3986
 * §3.2.2 allow ({@code host[:port]}, host a DNS name, an IPv4 address or a bracketed IPv6
 * literal), and brought to one form: lower case, without a trailing dot. Everything else is
 * refused: a user-info part ({@code user@host}), a list ({@code a,b}), empty labels
 * ({@code host..}), percent-escapes, an empty host or port. Backends differ on all of these, so
 * certgate could match one site while the backend acts for another.
 */
public final class Authority {

    /** RFC 1035 §2.3.4: 253 characters in a name, 63 in a label. */
    static final int MAX_NAME = 253;
    static final int MAX_LABEL = 63;
    /** An IPv6 literal with an embedded IPv4 tail, bracketed: {@code [ffff:...:255.255.255.255]}. */
    static final int MAX_IPV6_LITERAL = 47;

    private Authority() {
    }

    /** The canonical {@code host[:port]}, or empty when the text is not one. */
    static Optional<String> canonical(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_NAME + 7) {
            return Optional.empty();
        }
        String host;
        String port;
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0 || close > MAX_IPV6_LITERAL || !isIpv6(text.substring(1, close))) {
                return Optional.empty();
            }
            host = text.substring(0, close + 1);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && rest.charAt(0) != ':') {
                return Optional.empty();
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1); // "example.com." is the same name, absolute
            }
            if (!isDnsName(host)) {
                return Optional.empty();
            }
        }
        if (port != null && !isPort(port)) {
            return Optional.empty();
        }
        if (port != null) {
            port = Integer.toString(Integer.parseInt(port)); // "00443" is 443
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.length() + (port == null ? 0 : port.length() + 1) == text.length() && text.startsWith(lower)) {
            return Optional.of(text); // already canonical, the common case: no copy
        }
        return Optional.of(port == null ? lower : lower + ":" + port);
    }

    /** The host part of a canonical authority (a Host that {@link RequestHygiene} passed), without brackets or port. */
    public static String hostOf(String canonical) {
        if (canonical.startsWith("[")) {
            return canonical.substring(1, canonical.indexOf(']'));
        }
        int colon = canonical.indexOf(':');
        return colon < 0 ? canonical : canonical.substring(0, colon);
    }

    /** True for an IPv4 address or an IPv6 literal (as {@link #hostOf} gives it, without brackets). */
    public static boolean isIpAddress(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    /** Letters, digits, '-' and '_' in labels of 1 to 63 characters (an IPv4 address is such a name too). */
    private static boolean isDnsName(String host) {
        if (host.isEmpty() || host.length() > MAX_NAME) {
            return false;
        }
        int label = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                if (++label > MAX_LABEL) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return label > 0;
    }

    /** Hex digits, colons and (for an IPv4 tail) dots: a zone ID or IPvFuture is not accepted. */
    private static boolean isIpv6(String literal) {
        if (literal.length() < 2 || literal.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(String port) {
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(port) <= 65535;
    }
}
