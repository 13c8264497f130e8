package io.certgate.validation.constraints;

import java.util.Optional;

/**
 * Whether a name is valid syntax for its form, checked before any name constraint so that a
 * malformed name cannot slip past a constraint that would not recognise it (a dNSName
 * {@code evil_host.example.com} matches no DNS subtree comparison the way its issuer meant).
 * Each method returns what is wrong, or empty.
 */
final class NameSyntax {

    /** RFC 1035 §2.3.4: a label is at most 63 octets, a name at most 255 (253 characters in text form). */
    private static final int MAX_LABEL = 63;
    private static final int MAX_DNS_NAME = 253;

    private NameSyntax() {
    }

    /** The syntax problem of a name read from a subjectAltName (or the subject's emailAddress). */
    static Optional<String> problem(Name name) {
        return switch (name.form()) {
            case DNS -> dnsName(name.text());
            case EMAIL -> mailbox(name.text());
            case URI -> uri(name.text());
            case IP -> name.octets().length == 4 || name.octets().length == 16 ? Optional.empty()
                    : Optional.of("an iPAddress must be 4 (IPv4) or 16 (IPv6) octets, not " + name.octets().length);
            default -> Optional.empty();
        };
    }

    /**
     * RFC 5280 §4.2.1.6: a dNSName is in the preferred name syntax of RFC 1034 §3.5 (letters,
     * digits and hyphens, labels that neither start nor end with a hyphen; RFC 1123 §2.1 allows
     * a leading digit), and " " is not allowed. A single leading {@code *.} label is the
     * wildcard of RFC 6125 §6.4.3 that certificates use.
     */
    static Optional<String> dnsName(String name) {
        String rest = name.startsWith("*.") ? name.substring(2) : name;
        return hostName(rest).map(problem -> "dNSName " + quoted(name) + " is not a valid DNS name: " + problem);
    }

    /** The preferred name syntax, no wildcard; empty when valid. */
    static Optional<String> hostName(String name) {
        if (name.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (name.length() > MAX_DNS_NAME) {
            return Optional.of("it is longer than " + MAX_DNS_NAME + " characters");
        }
        if (name.startsWith(".") || name.endsWith(".")) {
            return Optional.of("it starts or ends with a dot");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return Optional.of("it has an empty label");
            }
            if (label.length() > MAX_LABEL) {
                return Optional.of("a label is longer than " + MAX_LABEL + " characters");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean letterOrDigit = c < 128 && Character.isLetterOrDigit(c);
                if (!letterOrDigit && c != '-') {
                    return Optional.of("it contains " + describe(c) + ", which is not a letter, digit or hyphen");
                }
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("label " + quoted(label) + " starts or ends with a hyphen");
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 5280 §4.2.1.6: an rfc822Name is a Mailbox (RFC 5321 §4.1.2), {@code local-part@domain}
     * with no display name or angle brackets. The local part is a dot-atom or a quoted string;
     * the domain must be a DNS name (address literals are refused, as pyca/cryptography does).
     */
    static Optional<String> mailbox(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return Optional.of("rfc822Name " + quoted(address) + " is not an email address: it has no @");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        Optional<String> localProblem = localPart(local);
        if (localProblem.isPresent()) {
            return Optional.of("rfc822Name " + quoted(address) + " is not an email address: the local part "
                    + localProblem.get());
        }
        return hostName(domain).map(problem -> "rfc822Name " + quoted(address)
                + " is not an email address: its domain is not a DNS name (" + problem + ")");
    }

    private static Optional<String> localPart(String local) {
        if (local.isEmpty()) {
            return Optional.of("is empty");
        }
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            // quoted-string: printable ASCII and spaces, with \ escaping the next character.
            for (int i = 1; i < local.length() - 1; i++) {
                char c = local.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    return Optional.of("contains " + describe(c));
                }
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return Optional.of("has an unescaped quote");
                }
            }
            return Optional.empty();
        }
        // dot-atom: atext characters (RFC 5322 §3.2.3) in dot-separated, non-empty runs.
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty()) {
                return Optional.of("has an empty dot-separated part");
            }
            for (int i = 0; i < atom.length(); i++) {
                char c = atom.charAt(i);
                boolean atext = c < 128 && Character.isLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
                if (!atext) {
                    return Optional.of("contains " + describe(c));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 5280 §4.2.1.6: a uniformResourceIdentifier is a URI (RFC 3986), which starts with a
     * scheme ({@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"}) and holds no space or
     * control character.
     */
    static Optional<String> uri(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("uniformResourceIdentifier " + quoted(uri) + " is not a URI: it contains " + describe(c));
            }
        }
        if (UriHost.scheme(uri).isEmpty()) {
            return Optional.of("uniformResourceIdentifier " + quoted(uri) + " is not a URI: it has no scheme");
        }
        return Optional.empty();
    }

    static String quoted(String text) {
        StringBuilder shown = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            shown.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return shown.append('"').toString();
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c < 0x20 || c >= 0x7f) {
            return String.format("the character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
