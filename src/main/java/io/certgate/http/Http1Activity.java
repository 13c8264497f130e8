package io.certgate.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Tells the connection's {@link IdleTimeout} when HTTP/1.1 bytes move: decrypted bytes read, or
 * bytes written. Sits right after TLS, so bytes of a TLS record that never completes (a record
 * header, then one byte every few seconds) decode to nothing and keep no connection open; the
 * request deadlines, which start at the first decrypted byte, never see them either.
 */
public final class Http1Activity extends ChannelDuplexHandler {

    private final IdleTimeout idle;

    public Http1Activity(IdleTimeout idle) {
        this.idle = idle;
        idle.countStreamFramesOnly();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes) || bytes.isReadable()) {
            idle.streamActivity();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        idle.streamActivity();
        ctx.write(msg, promise);
    }
}
