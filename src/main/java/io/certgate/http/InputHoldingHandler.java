package io.certgate.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A handler that may hold a connection's input while a verdict is decided ({@link HeldInput}):
 * while it holds, whatever is read is queued and the read-complete signal waits too; when the
 * connection closes or the handler leaves the pipeline, what is queued is released.
 */
abstract class InputHoldingHandler extends ChannelInboundHandlerAdapter {

    final HeldInput input = new HeldInput();

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (input.holding()) {
            input.add(msg);
        } else {
            read(ctx, msg);
        }
    }

    /** A message read while nothing is held. */
    abstract void read(ChannelHandlerContext ctx, Object msg);

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!input.holding()) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        input.discard();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        input.discard();
    }
}
