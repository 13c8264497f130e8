package io.certgate.x509;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a name as RFC 4514 text, most specific RDN first, so that the text says exactly one
 * thing: every character that could end a value or start a new one is escaped (RFC 4514 §2.4),
 * so {@code CN=alice\,CN\=mallory} is one common name and {@code CN=mallory,CN=alice} two; the
 * values of a multi-valued RDN are joined with {@code +}.
 *
 * <p>Beyond what §2.4 requires, characters a reader cannot see (controls, format characters
 * such as U+200B, line and paragraph separators, spaces other than U+0020, private-use and
 * unassigned code points) are written as {@code \xx} escapes of their UTF-8 octets, which
 * §2.4 allows for any character: a name in a log or an error page never hides a character.
 */
final class Rfc4514 {

    /** RFC 4514 §3's keywords, and emailAddress, which the JDK and OpenSSL print too. */
    private static final Map<String, String> KEYWORDS = Map.of(
            "2.5.4.3", "CN",
            "2.5.4.7", "L",
            "2.5.4.8", "ST",
            "2.5.4.10", "O",
            "2.5.4.11", "OU",
            "2.5.4.6", "C",
            "2.5.4.9", "STREET",
            "0.9.2342.19200300.100.1.25", "DC",
            "0.9.2342.19200300.100.1.1", "UID",
            "1.2.840.113549.1.9.1", "emailAddress");

    /** RFC 4514 §2.4: characters escaped wherever they occur (the JDK escapes '=' too; so do we). */
    private static final String SPECIALS = "\"+,;<>\\=";

    private Rfc4514() {
    }

    /** The whole name; {@code rdns} in encoding order, written in reverse (RFC 4514 §2.1). */
    static String name(List<List<NameReader.Value>> rdns) {
        StringBuilder out = new StringBuilder();
        for (int i = rdns.size() - 1; i >= 0; i--) {
            if (out.length() > 0) {
                out.append(',');
            }
            List<NameReader.Value> rdn = rdns.get(i);
            for (int j = 0; j < rdn.size(); j++) {
                if (j > 0) {
                    out.append('+');
                }
                attribute(out, rdn.get(j));
            }
        }
        return out.toString();
    }

    private static void attribute(StringBuilder out, NameReader.Value value) {
        String keyword = KEYWORDS.get(value.oid());
        // §2.3: a type without a keyword is written as its OID; §2.4: then the value is always
        // hex, as it is for a value that has no string form (or, here, no valid one).
        if (keyword == null || value.text().isEmpty()) {
            out.append(keyword == null ? value.oid() : keyword).append("=#");
            for (byte b : value.encoded()) {
                hex(out, b);
            }
            return;
        }
        out.append(keyword).append('=');
        value(out, value.text().get());
    }

    /** One value's text, escaped as §2.4 says (and invisible characters as hex, see the type). */
    static String value(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        value(out, text);
        return out.toString();
    }

    private static void value(StringBuilder out, String text) {
        int leadingSpaces = 0;
        while (leadingSpaces < text.length() && text.charAt(leadingSpaces) == ' ') {
            leadingSpaces++;
        }
        int trailingFrom = text.length();
        while (trailingFrom > leadingSpaces && text.charAt(trailingFrom - 1) == ' ') {
            trailingFrom--;
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == ' ' && (i < leadingSpaces || i >= trailingFrom)) {
                out.append("\\ ");
            } else if (c == '#' && i == 0) {
                out.append("\\#");
            } else if (c < 0x80 && SPECIALS.indexOf(c) >= 0) {
                out.append('\\').append((char) c);
            } else if (invisible(c)) {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('\\');
                    hex(out, b);
                }
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
    }

    private static boolean invisible(int c) {
        if (c == ' ') {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static void hex(StringBuilder out, byte b) {
        out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
}
