package io.certgate.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a byte stream as a sequence of HTTP/1.1 requests, sharing no code with Netty, so that
 * the fuzz test can tell what a backend would make of certgate's bytes. Two modes:
 * {@link Mode#STRICT} accepts only what a careful proxy sends (RFC 9112 as a sender must write
 * it, with no option a recipient might read another way); {@link Mode#RFC} is what a client may
 * send and a server must be able to read the same way, used to know what the client meant.
 */
final class StrictRequestParser {

    /** Longest chunk size, in hex digits, that fits a long with room to add to it. */
    static final int MAX_CHUNK_SIZE_DIGITS = 15;
    /** Longest Content-Length, in digits, that fits a long. */
    static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    enum Mode {
        /** What certgate must send a backend: origin-form, HTTP/1.1, one Host, plain chunk sizes. */
        STRICT,
        /** What RFC 9112 lets a client send: also chunk extensions, absolute-form targets, leading empty lines. */
        RFC
    }

    record Field(String name, String value) {
        boolean named(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    /** One request; {@code offset} is where its request-line starts in the stream. */
    record Request(int offset, String method, String target, String version, List<Field> fields, byte[] body,
                   boolean chunked, List<Field> trailers) {

        List<String> values(String name) {
            return fields.stream().filter(f -> f.named(name)).map(Field::value).toList();
        }

        /** The target up to {@code ?}. */
        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        /** The query without {@code ?}; empty when none. */
        String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }
    }

    /**
     * What a stream reads as: its complete requests, then either nothing, the start of one more
     * that the stream ends inside (at {@code incompleteAt}), or an {@code error} at {@code errorOffset},
     * in the head or the body of request number {@code requests.size()}; for an error in a body,
     * {@code failedHead} is that request without its body.
     */
    record Reading(List<Request> requests, int incompleteAt, Optional<String> error, int errorOffset,
                   Optional<Request> failedHead) {
        /** True when the stream ends inside a request, which starts at {@code incompleteAt}. */
        boolean incomplete() {
            return incompleteAt >= 0;
        }

        boolean errorInBody() {
            return failedHead.isPresent();
        }

        boolean clean() {
            return !incomplete() && error.isEmpty();
        }
    }

    private StrictRequestParser() {
    }

    static Reading read(byte[] bytes, Mode mode) {
        Cursor in = new Cursor(bytes, mode);
        List<Request> requests = new ArrayList<>();
        while (true) {
            if (mode == Mode.RFC) {
                in.skipEmptyLines(); // RFC 9112 §2.2: a server SHOULD ignore empty lines before a request-line
            }
            if (in.pos == bytes.length) {
                return new Reading(requests, -1, Optional.empty(), -1, Optional.empty());
            }
            int start = in.pos;
            try {
                requests.add(in.request());
            } catch (NeedMore e) {
                return new Reading(requests, start, Optional.empty(), -1, Optional.empty());
            } catch (Malformed e) {
                return new Reading(requests, -1, Optional.of(e.getMessage()), e.offset, Optional.ofNullable(e.head));
            }
        }
    }

    /** Signals that the bytes end before the request does. */
    private static final class NeedMore extends Exception {
        NeedMore() {
            super(null, null, false, false);
        }
    }

    private static final class Malformed extends Exception {
        final int offset;
        /** The request whose body is malformed, without its body; null for an error in a head. */
        final Request head;

        Malformed(String reason, int offset, Request head) {
            super(reason, null, false, false);
            this.offset = offset;
            this.head = head;
        }
    }

    private static final class Cursor {
        final byte[] b;
        final Mode mode;
        int pos;
        /** The head being read, once its fields are in: an error after that is in its body. */
        Request head;

        Cursor(byte[] b, Mode mode) {
            this.b = b;
            this.mode = mode;
        }

        void skipEmptyLines() {
            while (pos + 1 < b.length && b[pos] == '\r' && b[pos + 1] == '\n') {
                pos += 2;
            }
        }

        Malformed malformed(String reason, int at) {
            return new Malformed(reason, at, head);
        }

        /** One line without its CRLF (RFC 9112 §2.2: a bare CR or LF is not a line end a sender may use). */
        String line() throws NeedMore, Malformed {
            for (int i = pos; i < b.length; i++) {
                if (b[i] == '\n') {
                    throw malformed("bare LF", i);
                }
                if (b[i] == '\r') {
                    if (i + 1 == b.length) {
                        throw new NeedMore();
                    }
                    if (b[i + 1] != '\n') {
                        throw malformed("bare CR", i);
                    }
                    String line = new String(b, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 2;
                    return line;
                }
            }
            throw new NeedMore();
        }

        Request request() throws NeedMore, Malformed {
            head = null;
            int start = pos;
            String requestLine = line();
            String[] parts = requestLine.split(" ", -1);
            if (parts.length != 3) {
                throw malformed("request-line is not method SP target SP version: " + requestLine, start);
            }
            if (!Syntax.isToken(parts[0])) {
                throw malformed("method is not a token: " + parts[0], start);
            }
            boolean target = mode == Mode.STRICT ? Syntax.isOriginForm(parts[1]) : Syntax.isVisible(parts[1]);
            if (!target) {
                throw malformed("request-target is not " + (mode == Mode.STRICT ? "origin-form: " : "visible: ") + parts[1], start);
            }
            boolean version = mode == Mode.STRICT ? parts[2].equals("HTTP/1.1") : parts[2].matches("HTTP/[0-9]\\.[0-9]");
            if (!version) {
                throw malformed("version is not " + (mode == Mode.STRICT ? "HTTP/1.1: " : "HTTP/x.y: ") + parts[2], start);
            }
            List<Field> fields = fields();
            if (mode == Mode.STRICT) {
                checkHost(fields, start);
            }
            head = new Request(start, parts[0], parts[1], parts[2], fields, new byte[0], false, List.of());
            List<Field> te = fields.stream().filter(f -> f.named("transfer-encoding")).toList();
            List<Field> cl = fields.stream().filter(f -> f.named("content-length")).toList();
            if (!te.isEmpty() && !cl.isEmpty()) {
                throw malformed("both Transfer-Encoding and Content-Length", start); // RFC 9112 §6.3 item 3
            }
            if (!te.isEmpty()) {
                if (te.size() != 1 || !te.get(0).value().equalsIgnoreCase("chunked")) {
                    throw malformed("Transfer-Encoding other than one plain chunked: " + te, start);
                }
                ChunkedBody body = chunked();
                return new Request(start, parts[0], parts[1], parts[2], fields, body.bytes, true, body.trailers);
            }
            long length = 0;
            if (!cl.isEmpty()) {
                length = contentLength(cl, start);
            }
            if (b.length - pos < length) {
                throw new NeedMore();
            }
            byte[] body = java.util.Arrays.copyOfRange(b, pos, pos + (int) length);
            pos += (int) length;
            return new Request(start, parts[0], parts[1], parts[2], fields, body, false, List.of());
        }

        /**
         * RFC 9110 §8.6: 1*DIGIT. STRICT: one field, plain decimal (a proxy frames with its own
         * count). RFC: also identical values repeated, in fields or a list ({@code 42, 42}), which
         * a recipient may read as one.
         */
        long contentLength(List<Field> cl, int at) throws Malformed {
            List<String> values = mode == Mode.STRICT ? cl.stream().map(Field::value).toList()
                    : cl.stream().flatMap(f -> java.util.Arrays.stream(f.value().split(",", -1))).map(String::strip).toList();
            String value = values.get(0);
            boolean number = mode == Mode.STRICT ? value.matches("0|[1-9][0-9]*") : value.matches("[0-9]+");
            if (!number || value.length() > MAX_CONTENT_LENGTH_DIGITS || values.stream().anyMatch(v -> !v.equals(value))
                    || mode == Mode.STRICT && values.size() != 1) {
                throw malformed("Content-Length is not one " + (mode == Mode.STRICT ? "plain decimal" : "1*DIGIT")
                        + " value: " + cl, at);
            }
            return Long.parseLong(value);
        }

        /** Field lines up to the empty line (RFC 9112 §5). */
        List<Field> fields() throws NeedMore, Malformed {
            List<Field> fields = new ArrayList<>();
            while (true) {
                int start = pos;
                String line = line();
                if (line.isEmpty()) {
                    return fields;
                }
                if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    throw malformed("obs-fold", start); // RFC 9112 §5.2: a sender MUST NOT generate it
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !Syntax.isToken(line.substring(0, colon))) {
                    throw malformed("field-name is not a token followed by ':': " + line, start); // §5.1
                }
                String value = line.substring(colon + 1).strip();
                if (!Syntax.isFieldValue(value)) {
                    throw malformed("field-value has a control character: " + line, start);
                }
                fields.add(new Field(line.substring(0, colon), value));
            }
        }

        /** RFC 9112 §3.2: exactly one Host, whose value is uri-host [":" port]. */
        void checkHost(List<Field> fields, int at) throws Malformed {
            List<Field> hosts = fields.stream().filter(f -> f.named("host")).toList();
            if (hosts.size() != 1) {
                throw malformed(hosts.size() + " Host fields", at);
            }
            if (!Syntax.isHostPort(hosts.get(0).value())) {
                throw malformed("Host is not host[:port]: " + hosts.get(0).value(), at);
            }
        }

        record ChunkedBody(byte[] bytes, List<Field> trailers) {
        }

        /** RFC 9112 §7.1. */
        ChunkedBody chunked() throws NeedMore, Malformed {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int start = pos;
                String line = line();
                long size = chunkSize(line, start);
                if (size == 0) {
                    return new ChunkedBody(body.toByteArray(), fields()); // §7.1.2 trailer section
                }
                if (b.length - pos < size + 2) {
                    throw new NeedMore();
                }
                body.write(b, pos, (int) size);
                pos += (int) size;
                if (b[pos] != '\r' || b[pos + 1] != '\n') {
                    throw malformed("chunk-data not followed by CRLF", pos);
                }
                pos += 2;
            }
        }

        long chunkSize(String line, int at) throws Malformed {
            int end = 0;
            while (end < line.length() && Syntax.hexValue(line.charAt(end)) >= 0) {
                end++;
            }
            if (end == 0) {
                throw malformed("chunk-size is not 1*HEXDIG: " + line, at);
            }
            String extensions = line.substring(end);
            if (!extensions.isEmpty() && (mode == Mode.STRICT || !Syntax.isChunkExtensions(extensions))) {
                throw malformed("chunk line has more than a size: " + line, at);
            }
            String digits = line.substring(0, end).replaceFirst("^0+(?=.)", "");
            if (digits.length() > MAX_CHUNK_SIZE_DIGITS) {
                throw malformed("chunk-size overflows: " + line, at);
            }
            return Long.parseLong(digits, 16);
        }
    }

    /** Lower-cases for comparing field names. */
    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
