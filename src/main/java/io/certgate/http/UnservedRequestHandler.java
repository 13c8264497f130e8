package io.certgate.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * The last request handler: answers 404 for a request that no location handler took, so that a
 * client never waits for an answer that will not come, and releases stray body parts.
 */
public final class UnservedRequestHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            RequestGate.respond(ctx, request, ErrorResponses.plain(ctx, HttpResponseStatus.NOT_FOUND,
                    "nothing serves this location", request.headers().get(HttpHeaderNames.ACCEPT)));
        }
        if (msg instanceof HttpRequest || msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
