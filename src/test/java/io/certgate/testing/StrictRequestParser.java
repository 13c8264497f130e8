package io.certgate.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A strict HTTP/1.1 request parser (RFC 9112), independent of Netty, for the recording backend:
 * what it accepts is one unambiguous message, and anything a lenient server might read in two
 * ways is {@link Malformed}. Lines end in CRLF only (no bare LF or CR, §2.2); the request-line is
 * {@code token SP target SP HTTP/d.d} with single spaces (§3); field names are tokens directly
 * followed by {@code :}, values hold no control characters, and obs-fold is refused (§5.2);
 * the body is framed by one Content-Length of digits or by Transfer-Encoding exactly
 * {@code chunked}, never both (§6.1, §6.3); chunk sizes are hex digits with optional extensions,
 * each chunk ends in CRLF, trailers are field lines (§7.1).
 *
 * <p>Parsing is from the start of the buffer each time: the caller appends bytes and asks again
 * while the answer is {@link Incomplete}.
 */
public final class StrictRequestParser {

    /** Longest request head accepted: far more than any proxy sends, and bounds the work per request. */
    public static final int MAX_HEAD_BYTES = 256 * 1024;
    /** Largest body accepted; tests send small bodies, and a larger declared size is an attack, not a request. */
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    /** Significant digits of a Content-Length beyond which it is refused before it can overflow a long. */
    private static final int MAX_DECIMAL_DIGITS = 18;
    /** Significant hex digits of a chunk size beyond which it is refused before it can overflow a long. */
    private static final int MAX_HEX_DIGITS = 15;

    private static final Pattern VERSION = Pattern.compile("HTTP/[0-9]\\.[0-9]");
    // RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]|\\\\[\\t \\x21-\\x7E\\x80-\\xFF])*\"";
    private static final Pattern CHUNK_EXTENSIONS = Pattern.compile(
            "(?:[ \\t]*;[ \\t]*" + TOKEN + "(?:[ \\t]*=[ \\t]*(?:" + TOKEN + "|" + QUOTED + "))?)*");

    /** What {@link #parse} found at the start of the buffer. */
    public sealed interface Result permits Incomplete, Complete, Malformed {
    }

    /** More bytes are needed; nothing wrong so far. */
    public record Incomplete() implements Result {
    }

    /** One whole request, which took the first {@code consumed} bytes. */
    public record Complete(Message message, int consumed) implements Result {
    }

    /** The bytes are not a valid request; {@code reason} says where. */
    public record Malformed(String reason) implements Result {
    }

    /** A parsed request, not yet placed on a connection. */
    public record Message(String method, String target, String version, List<HeaderField> headers,
                          String framing, byte[] body, List<HeaderField> trailers) {
        public Received on(int connection, int index) {
            return new Received(connection, index, method, target, version, headers, framing, body, trailers);
        }
    }

    private StrictRequestParser() {
    }

    public static Result parse(byte[] buffer, int length) {
        try {
            return new Cursor(buffer, length).request();
        } catch (NeedMore e) {
            return new Incomplete();
        } catch (Bad e) {
            return new Malformed(e.getMessage());
        }
    }

    private static final class NeedMore extends Exception {
        NeedMore() {
            super(null, null, false, false);
        }
    }

    private static final class Bad extends Exception {
        Bad(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Cursor {
        private final byte[] buffer;
        private final int length;
        private int pos;

        Cursor(byte[] buffer, int length) {
            this.buffer = buffer;
            this.length = length;
        }

        Result request() throws NeedMore, Bad {
            String requestLine = line(MAX_HEAD_BYTES, "request-line");
            String[] parts = requestLine.split(" ", -1);
            if (parts.length != 3) {
                throw new Bad("request-line is not method SP target SP version: \"" + requestLine + "\"");
            }
            if (!parts[0].matches(TOKEN)) {
                throw new Bad("method is not a token: \"" + parts[0] + "\"");
            }
            if (parts[1].isEmpty() || !parts[1].chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw new Bad("request-target is empty or holds a byte outside VCHAR: \"" + parts[1] + "\"");
            }
            if (!VERSION.matcher(parts[2]).matches()) {
                throw new Bad("not an HTTP version: \"" + parts[2] + "\"");
            }
            List<HeaderField> headers = fields("field line");
            if (pos > MAX_HEAD_BYTES) {
                throw new Bad("request head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            List<String> encodings = HeaderField.values(headers, "Transfer-Encoding");
            List<String> lengths = HeaderField.values(headers, "Content-Length");
            if (!encodings.isEmpty()) {
                if (!lengths.isEmpty()) {
                    throw new Bad("both Transfer-Encoding and Content-Length (RFC 9112 §6.3)");
                }
                if (!parts[2].equals("HTTP/1.1")) {
                    throw new Bad("Transfer-Encoding in an " + parts[2] + " request (RFC 9112 §6.1)");
                }
                if (encodings.size() != 1 || !encodings.get(0).equalsIgnoreCase("chunked")) {
                    throw new Bad("Transfer-Encoding is not exactly chunked: " + encodings);
                }
                List<HeaderField> trailers = new ArrayList<>();
                byte[] body = chunked(trailers);
                return complete(parts, headers, "chunked", body, trailers);
            }
            if (lengths.size() > 1) {
                throw new Bad("more than one Content-Length: " + lengths);
            }
            if (lengths.isEmpty()) {
                return complete(parts, headers, "none", new byte[0], List.of());
            }
            long size = decimal(lengths.get(0));
            return complete(parts, headers, "content-length", bytes(size), List.of());
        }

        private Complete complete(String[] parts, List<HeaderField> headers, String framing, byte[] body,
                                  List<HeaderField> trailers) {
            return new Complete(new Message(parts[0], parts[1], parts[2], headers, framing, body, trailers), pos);
        }

        /** Field lines up to the empty line that ends them (a head or a trailer section). */
        private List<HeaderField> fields(String what) throws NeedMore, Bad {
            List<HeaderField> fields = new ArrayList<>();
            for (String line; !(line = line(MAX_HEAD_BYTES, what)).isEmpty(); ) {
                if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    throw new Bad("obs-fold (a " + what + " starting with whitespace) is refused (RFC 9112 §5.2)");
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !line.substring(0, colon).matches(TOKEN)) {
                    throw new Bad(what + " without a token name before ':': \"" + line + "\"");
                }
                String value = line.substring(colon + 1);
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c != '\t' && (c < 0x20 || c == 0x7f)) {
                        throw new Bad(what + " value holds control character 0x" + Integer.toHexString(c) + ": \"" + line + "\"");
                    }
                }
                fields.add(new HeaderField(line.substring(0, colon), value.strip()));
            }
            return fields;
        }

        private byte[] chunked(List<HeaderField> trailers) throws NeedMore, Bad {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String line = line(MAX_HEAD_BYTES, "chunk-size line");
                int digits = 0;
                while (digits < line.length() && Character.digit(line.charAt(digits), 16) >= 0) {
                    digits++;
                }
                if (digits == 0) {
                    throw new Bad("chunk-size line does not start with a hex digit: \"" + line + "\"");
                }
                if (!CHUNK_EXTENSIONS.matcher(line.substring(digits)).matches()) {
                    throw new Bad("chunk-size line is not size [extensions]: \"" + line + "\"");
                }
                String hex = line.substring(0, digits).replaceFirst("^0+(?=.)", "");
                if (hex.length() > MAX_HEX_DIGITS) {
                    throw new Bad("chunk size of " + digits + " hex digits");
                }
                long size = Long.parseLong(hex, 16);
                if (size == 0) {
                    trailers.addAll(fields("trailer field"));
                    return body.toByteArray();
                }
                if (body.size() + size > MAX_BODY_BYTES) {
                    throw new Bad("chunked body over " + MAX_BODY_BYTES + " bytes");
                }
                body.writeBytes(bytes(size));
                if (length - pos < 2) {
                    throw new NeedMore();
                }
                if (buffer[pos] != '\r' || buffer[pos + 1] != '\n') {
                    throw new Bad("chunk data of " + size + " bytes is not followed by CRLF");
                }
                pos += 2;
            }
        }

        /** A Content-Length value: 1*DIGIT (RFC 9110 §8.6), a single one, not a list. */
        private static long decimal(String value) throws Bad {
            if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new Bad("Content-Length is not 1*DIGIT: \"" + value + "\"");
            }
            String digits = value.replaceFirst("^0+(?=.)", "");
            if (digits.length() > MAX_DECIMAL_DIGITS || Long.parseLong(digits) > MAX_BODY_BYTES) {
                throw new Bad("Content-Length over " + MAX_BODY_BYTES + ": " + value);
            }
            return Long.parseLong(digits);
        }

        private byte[] bytes(long size) throws NeedMore {
            if (length - pos < size) {
                throw new NeedMore();
            }
            byte[] bytes = java.util.Arrays.copyOfRange(buffer, pos, pos + (int) size);
            pos += (int) size;
            return bytes;
        }

        /** The next line without its CRLF; a bare CR or LF is malformed (RFC 9112 §2.2, strictly). */
        private String line(int max, String what) throws NeedMore, Bad {
            int start = pos;
            for (int i = start; i < length; i++) {
                if (i - start > max) {
                    throw new Bad(what + " longer than " + max + " bytes");
                }
                byte b = buffer[i];
                if (b == '\n') {
                    throw new Bad("bare LF in the " + what);
                }
                if (b == '\r') {
                    if (i + 1 >= length) {
                        throw new NeedMore();
                    }
                    if (buffer[i + 1] != '\n') {
                        throw new Bad("bare CR in the " + what);
                    }
                    pos = i + 2;
                    return new String(buffer, start, i - start, StandardCharsets.ISO_8859_1);
                }
                if (b == 0) {
                    throw new Bad("NUL in the " + what);
                }
            }
            if (length - start > max) {
                throw new Bad(what + " longer than " + max + " bytes");
            }
            throw new NeedMore();
        }
    }
}
