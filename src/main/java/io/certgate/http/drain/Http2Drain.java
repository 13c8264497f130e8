package io.certgate.http.drain;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;

/**
 * Drains an HTTP/2 connection (RFC 9113 §6.8): closing it makes Netty's connection handler send
 * GOAWAY with the last stream it took and close once those streams are done (streams the client
 * opens after the GOAWAY are refused, and a client may safely retry them elsewhere). Netty waits
 * for the streams up to its graceful-shutdown timeout, set here to what the gateway still waits,
 * so that neither cuts the other short.
 *
 * <p>Sits on the connection's pipeline after the HTTP/2 codec.
 */
public final class Http2Drain extends ChannelInboundHandlerAdapter {

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Draining.Drain drain = Draining.of(ctx.channel());
        if (drain != null) {
            // The handshake finished after the stop began: the GOAWAY goes right after our SETTINGS,
            // before any stream (the client retries its requests on another connection).
            ctx.executor().execute(() -> drain(ctx, drain));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof Draining.Drain drain) {
            drain(ctx, drain);
        }
        super.userEventTriggered(ctx, event);
    }

    private static void drain(ChannelHandlerContext ctx, Draining.Drain drain) {
        Http2ConnectionHandler codec = ctx.pipeline().get(Http2ConnectionHandler.class);
        if (codec != null) {
            codec.gracefulShutdownTimeoutMillis(Math.max(0, drain.timeout().toMillis()));
        }
        ctx.channel().close();
    }
}
