package io.certgate.server;

import io.certgate.proxyprotocol.ConnectionAddresses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every connection and HTTP/2 stream: closes idle connections, and closes on
 * errors no handler took care of. Never lets one connection's failure reach another.
 *
 * <p>What the client did wrong is worth one debug line, not a warning with a stack trace: a
 * connection reset, bytes that do not decode (plain HTTP on the TLS port, a bad TLS record), and
 * HTTP/2 protocol violations, which Netty has already answered (GOAWAY or RST_STREAM) by the
 * time they arrive here: a rapid-reset or CONTINUATION flood, a malformed header block (those
 * are counted in {@code certgate_bad_requests_total} by {@link Http2Violations}, which sees the
 * answer). Anything else, an HTTP/2 INTERNAL_ERROR included, is certgate's own fault and is
 * logged as a warning.
 */
@ChannelHandler.Sharable
final class ConnectionErrors extends ChannelInboundHandlerAdapter {

    static final String NAME = "connection-errors";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionErrors.class);

    ConnectionErrors() {
    }

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
        Http2Exception http2 = Http2CodecUtil.getEmbeddedHttp2Exception(cause);
        if (http2 != null && http2.error() != Http2Error.INTERNAL_ERROR) {
            LOG.debug("closing {}: {}", ctx.channel(), cause.toString());
            if (!(ctx.channel() instanceof Http2StreamChannel)) {
                // Netty's HTTP/2 handler answers a connection error itself, once this returns: GOAWAY
                // with the error (counted by Http2Violations), then it closes. Closing first would
                // send GOAWAY NO_ERROR instead, and the client would not learn what it did wrong.
                return;
            }
            if (http2 instanceof Http2Exception.StreamException) {
                // Found while turning frames into a request: the reset says why, as Netty's own would.
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(http2.error()));
            }
        } else if (isClientSide(cause)) {
            LOG.debug("closing {}: {}", ConnectionAddresses.of(ctx.channel()), cause.toString());
        } else {
            LOG.warn("closing {} after an unexpected error", ConnectionAddresses.of(ctx.channel()), cause);
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
