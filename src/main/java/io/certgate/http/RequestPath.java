package io.certgate.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one canonical form of a request target, from which routing, access rules, the access log
 * and the backend's request line are all derived, so that what certgate judged is what the
 * backend receives (issue "nothing unjudged reaches a backend").
 *
 * <p>How a target becomes canonical: percent-escapes of unreserved characters are decoded
 * (RFC 3986 §6.2.2.2: {@code %61} is {@code a}, {@code %2e} is {@code .}); other escapes are kept,
 * in upper case; characters that may not appear raw in a path are escaped; {@code .} and
 * {@code ..} segments are resolved (§5.2.4) and repeated slashes merged, as nginx does. What a
 * widely deployed backend could read as a different path is refused instead (the caller answers
 * 400): an encoded {@code /} or {@code \} (Tomcat, IIS and ASP.NET may decode them into
 * separators), a raw {@code \} (IIS and ASP.NET read it as {@code /}), control characters, NUL
 * and invalid UTF-8, a segment that is {@code .} or {@code ..} once its {@code ;parameters} are
 * removed (Tomcat, Jetty and Spring drop them: {@code /app/..;/admin}), and a segment ending in
 * {@code .} or a space (Windows drops those: {@code /admin./x} is {@code /admin/x} on IIS).
 *
 * @param raw the path as the client sent it (without query), for diagnostics only
 * @param query the query string without {@code ?}, empty when none; forwarded unchanged
 * @param canonical the canonical path, percent-encoded: what the backend receives and the log shows
 * @param normalized the canonical path decoded (UTF-8): what static files are looked up by
 * @param routing {@link #normalized} with each segment's {@code ;parameters} removed, as servlet
 *                containers do: what locations are matched against, so that {@code /admin;x}
 *                is judged as {@code /admin}, which is how Tomcat would serve it
 */
public record RequestPath(String raw, String query, String canonical, String normalized, String routing) {

    /** The result of reading a target: a path, or the sentence saying why it was refused. */
    public record Parsed(Optional<RequestPath> path, String problem) {
        static Parsed ok(RequestPath path) {
            return new Parsed(Optional.of(path), "");
        }

        static Parsed refused(String problem) {
            return new Parsed(Optional.empty(), problem);
        }
    }

    /** Characters a path segment may carry raw (RFC 3986 §3.3 pchar, less '%'): unreserved, sub-delims, ':' and '@'. */
    private static final boolean[] PCHAR = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            PCHAR[c] = true;
            PCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            PCHAR[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=:@".toCharArray()) {
            PCHAR[c] = true;
        }
    }

    /** Parses a target; empty when it is refused (see {@link #read} for why). */
    public static Optional<RequestPath> parse(String target) {
        return read(target).path();
    }

    /**
     * Reads an origin-form ({@code /a/b?x}) or absolute-form ({@code https://h/a}) target. The
     * authority of an absolute-form target is not part of the path: Host handling reads it.
     */
    public static Parsed read(String target) {
        String t = target;
        int scheme = t.indexOf("://");
        if (scheme > 0 && !t.startsWith("/")) {
            int slash = t.indexOf('/', scheme + 3);
            int question = t.indexOf('?', scheme + 3);
            if (question >= 0 && (slash < 0 || question < slash)) {
                t = "/" + t.substring(question);
            } else {
                t = slash < 0 ? "/" : t.substring(slash);
            }
        }
        if (!t.startsWith("/")) {
            return Parsed.refused("the request target must start with / (or be an absolute http(s) URL)");
        }
        int hash = t.indexOf('#');
        if (hash >= 0) {
            t = t.substring(0, hash); // RFC 9110 §7.1: a fragment is never part of a request target
        }
        int question = t.indexOf('?');
        String raw = question < 0 ? t : t.substring(0, question);
        String query = question < 0 ? "" : t.substring(question + 1);
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return Parsed.refused("the query string contains a control character or space");
            }
        }
        if (isAlreadyCanonical(raw)) {
            return Parsed.ok(new RequestPath(raw, query, raw, raw, raw)); // the common case, without copying
        }
        return canonicalize(raw, query);
    }

    /**
     * Plain pchar ASCII with no escape, no empty segment, no segment starting or ending with a dot,
     * no parameters and nothing a Windows backend could read differently: canonicalizing would change
     * nothing.
     */
    private static boolean isAlreadyCanonical(String raw) {
        char previous = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '/') {
                if (previous == '/' || previous == '.') {
                    return false;
                }
            } else if (c >= 0x80 || !PCHAR[c] || c == ';' || c == ':' || c == '~' || c == '.' && previous == '/') {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }

    private static Parsed canonicalize(String raw, String query) {
        // 1. Per segment: decode unreserved escapes, upper-case the others, escape what may not be raw.
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        for (int i = 1; i <= raw.length(); i++) {
            char c = i < raw.length() ? raw.charAt(i) : '/';
            if (c == '/') {
                segments.add(segment.toString());
                segment.setLength(0);
            } else if (c == '%') {
                int hi = i + 1 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
                int lo = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    return Parsed.refused("the path has a malformed percent-escape");
                }
                int b = hi << 4 | lo;
                if (b == '/' || b == '\\') {
                    return Parsed.refused("the path contains an encoded " + (b == '/' ? "slash (%2F)" : "backslash (%5C)")
                            + ", which backends decode differently");
                }
                if (b < 0x20 || b == 0x7f) {
                    return Parsed.refused("the path contains an encoded control character or NUL");
                }
                if (isUnreserved(b)) {
                    segment.append((char) b);
                } else {
                    appendEscaped(segment, b);
                }
                i += 2;
            } else if (c == '\\') {
                return Parsed.refused("the path contains a backslash, which IIS and ASP.NET read as /");
            } else if (c < 0x20 || c == 0x7f) {
                return Parsed.refused("the path contains a control character or NUL");
            } else if (c < 0x80 && PCHAR[c]) {
                segment.append(c);
            } else if (c <= 0xFF) {
                appendEscaped(segment, c); // Netty hands request-line bytes over as ISO-8859-1 characters
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    appendEscaped(segment, b & 0xff); // callers passing real text (explain --path)
                }
            }
        }
        String lastSegment = segments.get(segments.size() - 1);
        boolean directory = lastSegment.isEmpty() || lastSegment.equals(".") || lastSegment.equals("..");
        // 2. Resolve dot segments (RFC 3986 §5.2.4) and merge empty ones; the decoded form of each
        //    segment is checked, with and without its ;parameters.
        List<String> canonical = new ArrayList<>(segments.size());
        List<String> decoded = new ArrayList<>(segments.size());
        for (String seg : segments) {
            if (seg.isEmpty()) {
                continue;
            }
            if (seg.equals(".") || seg.equals("..")) {
                if (seg.equals("..")) {
                    if (canonical.isEmpty()) {
                        return Parsed.refused("the path climbs above the site's root");
                    }
                    canonical.remove(canonical.size() - 1);
                    decoded.remove(decoded.size() - 1);
                }
                continue;
            }
            Optional<String> text = decode(seg);
            if (text.isEmpty()) {
                return Parsed.refused("the path is not valid UTF-8 once percent-decoded");
            }
            String plain = withoutParameters(text.get());
            if (plain.equals(".") || plain.equals("..")) {
                return Parsed.refused("the path has a \"" + plain + "\" segment with ;parameters, which servlet"
                        + " containers resolve after certgate routed it");
            }
            char end = text.get().charAt(text.get().length() - 1);
            char endBeforeParameters = plain.isEmpty() ? 'x' : plain.charAt(plain.length() - 1);
            if (end == ' ' || end == '.' || endBeforeParameters == '.' || endBeforeParameters == ' ') {
                end = end == '.' || end == ' ' ? end : endBeforeParameters;
                return Parsed.refused("a path segment ends in " + (end == '.' ? "a dot" : "a space")
                        + ", which Windows backends drop");
            }
            canonical.add(seg);
            decoded.add(text.get());
        }
        String canonicalPath = join(canonical, directory);
        String normalized = join(decoded, directory);
        List<String> routing = new ArrayList<>(decoded.size());
        for (String seg : decoded) {
            String plain = withoutParameters(seg);
            if (!plain.isEmpty()) {
                routing.add(plain);
            }
        }
        return Parsed.ok(new RequestPath(raw, query, canonicalPath, normalized, join(routing, directory)));
    }

    /**
     * Why a backend on Windows could serve this path as a different file than certgate judged, or
     * empty: an NTFS alternate data stream ({@code ::$DATA}) or an 8.3 short name ({@code ADMIN~1}).
     * Checked on locations that proxy: certgate's own static files are never read that way.
     */
    public Optional<String> windowsAlias() {
        if (normalized.indexOf(':') < 0 && normalized.indexOf('~') < 0) {
            return Optional.empty(); // nearly every path: told without splitting it
        }
        for (String segment : normalized.split("/")) {
            if (segment.contains(":$")) {
                return Optional.of("the path names an NTFS data stream (::$), an alias of another file on Windows");
            }
            int tilde = segment.indexOf('~');
            while (tilde >= 0) {
                if (tilde + 1 < segment.length() && Character.isDigit(segment.charAt(tilde + 1))) {
                    return Optional.of("the path has an 8.3 short name (~N), an alias of another file on Windows");
                }
                tilde = segment.indexOf('~', tilde + 1);
            }
        }
        return Optional.empty();
    }

    /** The path and query as the backend receives them: {@code /a/b?x=1}. */
    public String target() {
        return query.isEmpty() ? canonical : canonical + "?" + query;
    }

    private static String withoutParameters(String segment) {
        int semicolon = segment.indexOf(';');
        return semicolon < 0 ? segment : segment.substring(0, semicolon);
    }

    private static String join(List<String> segments, boolean directory) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        if (path.length() == 0 || directory) {
            path.append('/');
        }
        return path.toString();
    }

    /** RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static void appendEscaped(StringBuilder out, int b) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }

    /** Decodes a canonical segment's escapes as UTF-8; empty when the bytes are not UTF-8. */
    private static Optional<String> decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return Optional.of(segment);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                bytes.write(hexDigit(segment.charAt(i + 1)) << 4 | hexDigit(segment.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** An ASCII hex digit's value, or -1 (RFC 3986 §2.1: HEXDIG is ASCII only). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
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
}
