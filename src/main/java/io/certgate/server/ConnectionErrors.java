package io.certgate.server;

import io.certgate.log.GatewayMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every connection and HTTP/2 stream: closes idle connections, and closes on
 * errors no handler took care of. Never lets one connection's failure reach another.
 *
 * <p>What the client did wrong is worth one debug line, not a warning with a stack trace: a
 * connection reset, bytes that do not decode (plain HTTP on the TLS port, a bad TLS record), and
 * HTTP/2 protocol violations, which Netty has already answered (GOAWAY or RST_STREAM) by the
 * time they arrive here: a rapid-reset or CONTINUATION flood, a malformed header block. Those are
 * also counted in {@code certgate_bad_requests_total}, by reason. Anything else, an HTTP/2
 * INTERNAL_ERROR included, is certgate's own fault and is logged as a warning.
 */
@ChannelHandler.Sharable
final class ConnectionErrors extends ChannelInboundHandlerAdapter {

    static final String NAME = "connection-errors";
    /** HTTP/2 violations whose purpose is to exhaust the server (RFC 9113 §10.5, ENHANCE_YOUR_CALM). */
    static final String HTTP2_FLOOD = "http2-flood";
    /** Any other HTTP/2 connection or stream error caused by the client. */
    static final String HTTP2_PROTOCOL_ERROR = "http2-protocol-error";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionErrors.class);

    private final GatewayMetrics metrics;

    ConnectionErrors(GatewayMetrics metrics) {
        this.metrics = metrics;
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
        Optional<String> badRequest = badRequest(cause);
        if (badRequest.isPresent()) {
            metrics.badRequest(badRequest.get());
            LOG.debug("closing {}: {} ({})", ctx.channel(), cause.toString(), badRequest.get());
        } else if (isClientSide(cause)) {
            LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("closing {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /** The reason label of a protocol violation by the client, empty for anything else. */
    static Optional<String> badRequest(Throwable cause) {
        Http2Exception http2 = Http2CodecUtil.getEmbeddedHttp2Exception(cause);
        if (http2 == null || http2.error() == Http2Error.INTERNAL_ERROR) {
            return Optional.empty();
        }
        return Optional.of(http2.error() == Http2Error.ENHANCE_YOUR_CALM ? HTTP2_FLOOD : HTTP2_PROTOCOL_ERROR);
    }

    /**
     * A broken connection, or bytes that do not decode (not TLS, a bad TLS record, a malformed
     * HTTP message): the client's doing, not worth a warning.
     */
    private static boolean isClientSide(Throwable cause) {
        return cause instanceof IOException || cause instanceof DecoderException;
    }
}
