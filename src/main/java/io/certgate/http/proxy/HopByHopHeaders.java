package io.certgate.http.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;

/**
 * RFC 9110 §7.6.1: headers that describe one connection and must not be forwarded: Connection,
 * every header it names, and the well-known hop-by-hop fields.
 */
final class HopByHopHeaders {

    private static final List<String> ALWAYS = List.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "proxy-authorization", "proxy-authenticate");

    private HopByHopHeaders() {
    }

    static void remove(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (String named : connection.split(",")) {
                    String name = named.trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty()) {
                        headers.remove(name);
                    }
                }
            }
        }
        for (String name : ALWAYS) {
            headers.remove(name);
        }
    }
}
