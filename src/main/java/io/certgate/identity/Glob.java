package io.certgate.identity;

/**
 * An IIS {@code matchCriteria} pattern, compiled once: {@code *} matches any run of characters
 * (also none), {@code ?} exactly one character, everything else itself. IIS has no escape, so
 * neither do we: a literal {@code *} or {@code ?} in a value is matched by the wildcards.
 *
 * <p>Matching is the linear two-pointer walk that backtracks only to the last {@code *}: at
 * most pattern length × value length steps, never exponential, and no allocation (no regex,
 * so a hostile pattern or certificate cannot make the request path backtrack for long).
 *
 * <p>Characters are Unicode code points, so {@code ?} matches an emoji as one character.
 * Without case sensitivity both sides are folded per code point, independent of the default
 * locale (as {@link String#equalsIgnoreCase} does), so a Turkish locale does not change what
 * {@code "admin*"} matches.
 */
final class Glob {

    /** Pattern element for {@code *}; code points are never negative. */
    private static final int STAR = -1;
    /** Pattern element for {@code ?}. */
    private static final int ANY = -2;

    private final String text;
    private final boolean caseSensitive;
    private final int[] pattern;

    private Glob(String text, boolean caseSensitive, int[] pattern) {
        this.text = text;
        this.caseSensitive = caseSensitive;
        this.pattern = pattern;
    }

    static Glob compile(String text, boolean caseSensitive) {
        int[] elements = new int[text.codePointCount(0, text.length())];
        int length = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '*') {
                // "**" means the same as "*"; collapsing keeps the backtracking bound tight.
                if (length == 0 || elements[length - 1] != STAR) {
                    elements[length++] = STAR;
                }
            } else if (c == '?') {
                elements[length++] = ANY;
            } else {
                elements[length++] = caseSensitive ? c : fold(c);
            }
        }
        return new Glob(text, caseSensitive, java.util.Arrays.copyOf(elements, length));
    }

    boolean matches(String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            int c = value.codePointAt(v);
            int element = p < pattern.length ? pattern[p] : 0;
            if (p < pattern.length && (element == ANY || element == (caseSensitive ? c : fold(c)))) {
                p++;
                v += Character.charCount(c);
            } else if (p < pattern.length && element == STAR) {
                // Try the star as empty first; on a mismatch it swallows one more character.
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                resume += Character.charCount(value.codePointAt(resume));
                v = resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == STAR) {
            p++;
        }
        return p == pattern.length;
    }

    /** Simple case folding of one code point, the per-character rule String.equalsIgnoreCase uses. */
    private static int fold(int c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    @Override
    public String toString() {
        return "\"" + text + "\"" + (caseSensitive ? ", case-sensitive" : ", case-insensitive");
    }
}
