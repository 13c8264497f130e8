package io.certgate.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every connection: closes idle connections, and closes (with a debug line)
 * on errors no handler took care of, such as a client that speaks plain HTTP to the TLS port or
 * resets the connection. Never lets one connection's failure reach another.
 */
@ChannelHandler.Sharable
final class ConnectionErrors extends ChannelInboundHandlerAdapter {

    static final String NAME = "connection-errors";
    static final ConnectionErrors INSTANCE = new ConnectionErrors();
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionErrors.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isClientSide(cause)) {
            LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("closing {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /**
     * A broken connection, or bytes that do not decode (not TLS, a bad TLS record, a malformed
     * HTTP message): the client's doing, not worth a warning.
     */
    private static boolean isClientSide(Throwable cause) {
        return cause instanceof IOException || cause instanceof DecoderException;
    }
}
