package io.certgate.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Passes an HTTP/1.1 request that has no body on as one {@code FullHttpRequest}, instead of the
 * request and then an empty last content, as Netty's decoder gives them.
 *
 * <p>Why: every handler after the codec is crossed once per message, and a keep-alive GET for a
 * static file was two messages through about fourteen handlers: walking the pipeline was a sixth
 * of the event loop's Java time in a profile of that load. The handlers already take a full
 * request (an HTTP/2 stream whose headers end it arrives as one), and what they forward or log
 * is the same either way.
 *
 * <p>Only a request without Content-Length and without Transfer-Encoding has no body by its
 * framing alone (RFC 9112 §6.3, rule 7). One with {@code Content-Length: 0} is left as it came,
 * so that the proxy still forwards that header as the client sent it. Anything unexpected after
 * a held request (it cannot come from Netty's decoder, which ends every bodiless request with
 * an empty last content) is passed on after it, unchanged. Nothing is held across reads: the
 * decoder emits the request and its empty end from the same bytes, before the connection can end.
 */
public final class BodilessRequests extends ChannelInboundHandlerAdapter {

    private HttpRequest held;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (held != null) {
            HttpRequest request = held;
            held = null;
            if (msg == LastHttpContent.EMPTY_LAST_CONTENT) {
                ctx.fireChannelRead(new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                        Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE));
                return;
            }
            ctx.fireChannelRead(request);
        }
        if (msg instanceof HttpRequest request && !(msg instanceof LastHttpContent) && hasNoBody(request)) {
            held = request;
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean hasNoBody(HttpRequest request) {
        return request.decoderResult().isSuccess()
                && !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                && !request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
    }
}
