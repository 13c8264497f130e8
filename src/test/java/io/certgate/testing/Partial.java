package io.certgate.testing;

import java.nio.charset.StandardCharsets;

/**
 * Bytes a {@link RecordingBackend} connection holds that are not yet a complete request: a head
 * still arriving, or a body cut short. Recorded after each read that leaves them, so that a test
 * can see a request begun and never finished while the connection is still open.
 *
 * @param connection the connection's id
 * @param length how many bytes are pending
 * @param head the first of them (at most {@value RecordingBackend#PARTIAL_HEAD_BYTES})
 */
public record Partial(int connection, int length, byte[] head) {

    public Partial {
        head = head.clone();
    }

    public String headText() {
        return new String(head, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "#" + connection + " pending " + length + "B: " + headText().replace("\r\n", "\\r\\n");
    }
}
