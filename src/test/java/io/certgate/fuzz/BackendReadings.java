package io.certgate.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Function;

/**
 * How widely deployed backends turn a request path into the path they serve, written from their
 * documented behaviour rather than from certgate's code. Each reading is empty when that backend
 * would refuse the path. A request is only safe to forward when every reading lands in the location
 * certgate judged.
 */
enum BackendReadings {
    /** RFC 3986 §5.2.4 after percent-decoding: Go net/http's cleanPath, Node/Express, WSGI's PATH_INFO. */
    DECODED(path -> decode(path).flatMap(BackendReadings::resolve)),
    /** Tomcat, Jetty and Spring: {@code ;parameters} cut from each segment before decoding (so {@code ..;} is {@code ..}). */
    SERVLET(path -> decode(withoutParameters(path)).flatMap(BackendReadings::resolve)),
    /**
     * IIS and ASP.NET: decoded, {@code \} read as {@code /}, trailing dots and spaces of a segment
     * dropped (Win32 names), {@code ::$DATA} streams and the 8.3 name {@code ADMIN~1} read as the file.
     */
    WINDOWS(path -> decode(path).map(p -> p.replace('\\', '/')).flatMap(BackendReadings::resolve)
            .map(BackendReadings::win32Names));

    private final Function<String, Optional<String>> reading;

    BackendReadings(Function<String, Optional<String>> reading) {
        this.reading = reading;
    }

    /** The path this backend serves for {@code path}, or empty when it would refuse it. */
    Optional<String> read(String path) {
        return reading.apply(path);
    }

    static Optional<String> decode(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || Syntax.hexValue(path.charAt(i + 1)) < 0 || Syntax.hexValue(path.charAt(i + 2)) < 0) {
                    return Optional.empty();
                }
                bytes.write(Syntax.hexValue(path.charAt(i + 1)) << 4 | Syntax.hexValue(path.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String withoutParameters(String path) {
        return path.replaceAll(";[^/]*", "");
    }

    /** Dot segments resolved and empty segments merged; empty when the path climbs above the root. */
    private static Optional<String> resolve(String decoded) {
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = decoded.split("/", -1);
        for (String segment : parts) {
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
        String joined = "/" + String.join("/", segments);
        String last = parts[parts.length - 1];
        boolean directory = last.isEmpty() || last.equals(".") || last.equals("..");
        return Optional.of(directory && !joined.equals("/") ? joined + "/" : joined);
    }

    private static String win32Names(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            String name = segment.replaceAll("(?i)::\\$DATA$", "").replaceAll("[. ]+$", "").replaceAll("~[0-9]+$", "");
            out.append(out.length() == 0 && segment.isEmpty() ? "" : "/").append(name);
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
