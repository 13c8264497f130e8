package io.certgate.testing;

import java.nio.charset.StandardCharsets;

/**
 * How a backend connection of {@link RecordingBackend} ended.
 *
 * @param connection the connection's id
 * @param requests the complete requests parsed on it
 * @param error why the backend's parser refused the bytes and closed, or null when the peer
 *              closed (or the backend closed after an answer that ends the connection)
 * @param leftover the bytes received but not part of a complete request: a request cut short
 *                 (pending) or what followed a parse error
 */
public record ConnectionEnd(int connection, int requests, String error, byte[] leftover) {

    public ConnectionEnd {
        leftover = leftover.clone();
    }

    /** Whether an incomplete request (or any unparsed byte) was pending when the connection ended. */
    public boolean pending() {
        return leftover.length > 0;
    }

    public String leftoverText() {
        return new String(leftover, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "#" + connection + " ended after " + requests + " request(s)" + (error == null ? "" : ", error: " + error)
                + (pending() ? ", pending " + leftover.length + "B: " + leftoverText().replace("\r\n", "\\r\\n") : "");
    }
}
