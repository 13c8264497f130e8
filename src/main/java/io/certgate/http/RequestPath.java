package io.certgate.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A request target split and normalized the way nginx does before matching locations:
 * percent-decoded (UTF-8), {@code .} and {@code ..} segments resolved, repeated slashes merged.
 * Routing and static files use {@link #normalized()}; a proxy passes {@link #raw()} on unchanged.
 *
 * @param raw the path as the client sent it (without query)
 * @param query the query string without {@code ?}, empty when none
 * @param normalized the decoded, normalized path; always starts with {@code /}
 */
public record RequestPath(String raw, String query, String normalized) {

    /**
     * Parses an origin-form ({@code /a/b?x}) or absolute-form ({@code https://h/a}) target.
     * Empty when the target is malformed or climbs above the root: the caller answers 400.
     */
    public static Optional<RequestPath> parse(String target) {
        String t = target;
        int scheme = t.indexOf("://");
        if (scheme > 0 && !t.startsWith("/")) {
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        if (!t.startsWith("/")) {
            return Optional.empty();
        }
        int hash = t.indexOf('#');
        if (hash >= 0) {
            t = t.substring(0, hash);
        }
        int question = t.indexOf('?');
        String raw = question < 0 ? t : t.substring(0, question);
        String query = question < 0 ? "" : t.substring(question + 1);
        if (isAlreadyNormal(raw)) {
            return Optional.of(new RequestPath(raw, query, raw)); // the common case, without copying
        }
        return decode(raw).flatMap(RequestPath::normalize).map(n -> new RequestPath(raw, query, n));
    }

    /**
     * Percent-decodes as UTF-8. Netty hands request-line bytes over as ISO-8859-1 characters, so
     * characters up to 0xFF are taken as the bytes they were (a raw UTF-8 "café" decodes right);
     * larger ones (from callers passing real text) are UTF-8 encoded first. NUL, malformed escapes
     * and invalid UTF-8 are refused.
     */
    private static Optional<String> decode(String raw) {
        boolean plain = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == 0 || c >= 0x80) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return Optional.of(raw);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
                int lo = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0 || (hi | lo) == 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == 0) {
                return Optional.empty();
            } else if (c <= 0xFF) {
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
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

    /** Plain ASCII with no escape, no empty, "." or ".." segment: normalizing would change nothing. */
    private static boolean isAlreadyNormal(String raw) {
        char previous = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == 0 || c >= 0x80 || c == '/' && previous == '/' || c == '.' && previous == '/') {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static Optional<String> normalize(String decoded) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        boolean directory = decoded.endsWith("/") || decoded.endsWith("/.") || decoded.endsWith("/..");
        if (path.length() == 0 || directory) {
            path.append('/');
        }
        return Optional.of(path.toString());
    }
}
