package io.certgate.fuzz;

/** The ABNF rules the strict parser needs, from RFC 9110 §5.6, RFC 9112 and RFC 3986, written out by hand. */
final class Syntax {

    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
    private static final String SUB_DELIMS = "!$&'()*+,;=";
    /** RFC 1035 §2.3.4. */
    static final int MAX_DNS_NAME = 253;
    static final int MAX_DNS_LABEL = 63;

    private Syntax() {
    }

    /** RFC 9110 §5.6.2: token = 1*tchar. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || TCHAR_SYMBOLS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 9112 §3.2.1: origin-form = absolute-path [ "?" query ], the path made of RFC 3986 pchars.
     * The query is checked only for what could end or split the request line (issue 10: the
     * backend gets it unchanged, as the client sent it): visible ASCII and obs-text, no {@code #}.
     */
    static boolean isOriginForm(String target) {
        if (!target.startsWith("/")) {
            return false;
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        for (int i = 0; i < path.length(); i++) {
            int used = pchar(path, i);
            if (used == 0 && path.charAt(i) != '/') {
                return false;
            }
            i += Math.max(used, 1) - 1;
        }
        if (q >= 0) {
            String query = target.substring(q + 1);
            for (int i = 0; i < query.length(); i++) {
                char c = query.charAt(i);
                if (c <= 0x20 || c == 0x7f || c == '#') {
                    return false;
                }
            }
        }
        return true;
    }

    /** How many characters at {@code i} form one pchar (an escape is three), or 0. */
    private static int pchar(String s, int i) {
        char c = s.charAt(i);
        if (c == '%') {
            return i + 2 < s.length() && hexValue(s.charAt(i + 1)) >= 0 && hexValue(s.charAt(i + 2)) >= 0 ? 3 : 0;
        }
        return isUnreserved(c) || SUB_DELIMS.indexOf(c) >= 0 || c == ':' || c == '@' ? 1 : 0;
    }

    /** 1*VCHAR (a request-target of any form, RFC 9112 §3.2). */
    static boolean isVisible(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 §5.5: field-value = *field-content; VCHAR, obs-text, SP and HTAB, no other control. */
    static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 9112 §3.2 Host = uri-host [ ":" port ], with uri-host an IP-literal, an IPv4 address, or a
     * DNS name (RFC 1123 labels, an optional final dot): the RFC 3986 reg-name also allows
     * {@code ,}, {@code ;}, {@code %} and empty labels, which backends split or compare differently.
     */
    static boolean isHostPort(String value) {
        String host = value;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                return false;
            }
            String literal = value.substring(1, close);
            if (literal.isEmpty() || !literal.chars().allMatch(c -> hexValue((char) c) >= 0 || c == ':' || c == '.')) {
                return false;
            }
            String rest = value.substring(close + 1);
            return rest.isEmpty() || rest.startsWith(":") && isDigits(rest.substring(1));
        }
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon);
            if (!isDigits(value.substring(colon + 1))) {
                return false;
            }
        }
        return isDnsName(host);
    }

    /** RFC 1123 §2.1 labels of letters, digits and hyphens, 1 to 63 each, not starting or ending with a hyphen. */
    static boolean isDnsName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > MAX_DNS_NAME) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_DNS_LABEL || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> isAlpha((char) c) || isDigit((char) c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ). */
    static boolean isChunkExtensions(String s) {
        return s.matches("([ \\t]*;[ \\t]*[!#$%&'*+\\-.^_`|~0-9A-Za-z]+([ \\t]*=[ \\t]*"
                + "([!#$%&'*+\\-.^_`|~0-9A-Za-z]+|\"([\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t \\x21-\\x7e\\x80-\\xff])*\"))?)+");
    }

    static int hexValue(char c) {
        if (isDigit(c)) {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigits(String s) {
        return s.chars().allMatch(c -> isDigit((char) c));
    }

    static boolean isUnreserved(char c) {
        return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
