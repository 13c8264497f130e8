package io.certgate.http.h2;

import io.certgate.http.IdleTimeout;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;

/**
 * Tells the connection's {@link IdleTimeout} when a request or an answer moves on an HTTP/2
 * connection: a HEADERS or DATA frame read or written. PING, SETTINGS, WINDOW_UPDATE and PRIORITY
 * frames do not count, so a client cannot hold an idle connection open by pinging it, nor keep
 * streams stalled behind a zero flow-control window (each holding a backend connection) alive.
 * Sits between the HTTP/2 frame codec and the stream multiplexer, which all stream frames pass.
 */
public final class Http2StreamActivity extends ChannelDuplexHandler {

    private final IdleTimeout idle;

    public Http2StreamActivity(IdleTimeout idle) {
        this.idle = idle;
        idle.countStreamFramesOnly();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame || msg instanceof Http2DataFrame) {
            idle.streamActivity();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Http2HeadersFrame || msg instanceof Http2DataFrame) {
            idle.streamActivity();
        }
        ctx.write(msg, promise);
    }
}
