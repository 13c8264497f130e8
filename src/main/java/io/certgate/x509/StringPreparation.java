package io.certgate.x509;

import java.text.Normalizer;

/**
 * The form in which many-to-one rules compare a certificate's text with a rule's pattern, in
 * the spirit of LDAP's string preparation (RFC 4518): two strings a person reads as the same
 * name compare equal, so that {@code Contractors} followed by a zero-width space, with a
 * trailing space, or written in full-width letters is still matched by a deny rule on
 * {@code Contractors}. Both the pattern (once, at load) and every certificate value (once, when
 * the certificate is first read: {@link DistinguishedName#prepared}) are prepared; case is
 * folded afterwards by the rule's matcher when {@code compareCaseSensitive: false} (RFC 4518 §2.2 folds case in this step; folding the
 * normalized text per code point gives the same result for names).
 *
 * <ol>
 *   <li><b>Map</b> (RFC 4518 §2.2): controls, format characters (Unicode category Cf: U+200B
 *       zero-width space, U+00AD soft hyphen, U+FEFF, bidirectional marks) and the other code
 *       points §2.2 maps to nothing (U+034F, U+180B..U+180D, U+FE00..U+FE0F, U+FFFC) are
 *       removed; tab, line feed and the other controls §2.2 lists, and every space, line and
 *       paragraph separator, become U+0020.</li>
 *   <li><b>Normalize</b> (§2.3): Unicode NFKC, so full-width {@code Ｃｏｎｔｒａｃｔｏｒｓ},
 *       ligatures and composed or decomposed accents read alike.</li>
 *   <li><b>Insignificant spaces</b> (§2.6.1): leading and trailing spaces removed, each inner
 *       run of spaces made one.</li>
 * </ol>
 *
 * Not done: §2.4's prohibition (an unassigned or private-use code point makes LDAP's answer
 * "undefined"; for a deny rule that would mean "no match", so the character is kept and simply
 * compared) and §2.5's bidi check, which concerns display.
 *
 * <p>Text that is printable ASCII with single inner spaces, almost every name, is returned as
 * it is without allocating.
 */
public final class StringPreparation {

    private StringPreparation() {
    }

    /** The prepared form of {@code text}. */
    public static String prepare(String text) {
        if (alreadyPrepared(text)) {
            return text;
        }
        StringBuilder mapped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (isSpace(c)) {
                mapped.append(' ');
            } else if (!mapsToNothing(c)) {
                mapped.appendCodePoint(c);
            }
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        return collapseSpaces(normalized);
    }

    /** Printable ASCII, no leading, trailing or doubled space: NFKC and §2.2 change none of it. */
    private static boolean alreadyPrepared(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                if (i == 0 || i == length - 1 || text.charAt(i - 1) == ' ') {
                    return false;
                }
            } else if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4518 §2.2: U+0009..U+000D and U+0085 map to SPACE, as do all separators (Zs, Zl, Zp). */
    private static boolean isSpace(int c) {
        if (c >= 0x09 && c <= 0x0d || c == 0x85) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** RFC 4518 §2.2's "mapped to nothing": the other controls, format characters and the listed code points. */
    private static boolean mapsToNothing(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT
                || c == 0x034f || c >= 0x180b && c <= 0x180d || c >= 0xfe00 && c <= 0xfe0f || c == 0xfffc;
    }

    private static String collapseSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
