package io.certgate.http;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;

/**
 * The size of a message head as HTTP/1.1 text (start line, {@code name: value} lines, the empty
 * line), for {@code cs-bytes} and {@code sc-bytes}. IIS counts the bytes of the head and body; for
 * HTTP/2, whose heads are HPACK-compressed, the HTTP/1.1 size is the one comparable across
 * protocols. Header values are counted as characters (Netty holds them as Latin-1).
 */
final class HeadSize {

    /** ": " and CRLF around each header, CRLF after the start line and after the last header. */
    private static final int PER_HEADER = 4;
    private static final int CRLF = 2;

    private HeadSize() {
    }

    static long of(HttpMessage message) {
        long size;
        if (message instanceof HttpRequest request) {
            // GET /path HTTP/1.1
            size = request.method().name().length() + 1 + request.uri().length() + 1
                    + request.protocolVersion().text().length() + CRLF;
        } else if (message instanceof HttpResponse response) {
            // HTTP/1.1 200 OK
            size = response.protocolVersion().text().length() + 1 + 3 + 1
                    + response.status().reasonPhrase().length() + CRLF;
        } else {
            size = 0;
        }
        Iterator<Map.Entry<CharSequence, CharSequence>> headers = message.headers().iteratorCharSequence();
        while (headers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = headers.next();
            size += header.getKey().length() + header.getValue().length() + PER_HEADER;
        }
        return size + CRLF;
    }
}
