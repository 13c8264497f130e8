package io.certgate.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One complete request as {@link RecordingBackend} parsed it off a connection.
 *
 * @param connection the backend connection's id (1, 2, ... in the order accepted)
 * @param index the request's place on its connection (1 for the first)
 * @param method the method token
 * @param target the request-target exactly as sent
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers every field line of the head, in order, names as written
 * @param framing how the body was delimited: {@code none}, {@code content-length} or {@code chunked}
 * @param body the body's bytes (decoded from chunks when chunked)
 * @param trailers the trailer fields of a chunked body, in order; empty otherwise
 */
public record Received(int connection, int index, String method, String target, String version,
                       List<HeaderField> headers, String framing, byte[] body, List<HeaderField> trailers) {

    public Received {
        headers = List.copyOf(headers);
        trailers = List.copyOf(trailers);
        body = body.clone();
    }

    /** {@code METHOD SP target SP version}, as on the wire. */
    public String requestLine() {
        return method + " " + target + " " + version;
    }

    /** The values of every header named {@code name} (case-insensitive), in order. */
    public List<String> headers(String name) {
        return HeaderField.values(headers, name);
    }

    /** The body as ISO-8859-1 text (one char per byte). */
    public String bodyText() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }

    /** The body the backend answered this request with (see {@link RecordingBackend}). */
    public String answer() {
        return RecordingBackend.answerBody(connection, index, requestLine());
    }

    @Override
    public String toString() {
        return "#" + connection + "." + index + " " + requestLine() + " " + headers + " framing=" + framing
                + " body=" + bodyText().length() + "B trailers=" + trailers;
    }
}
