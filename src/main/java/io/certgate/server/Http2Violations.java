package io.certgate.server;

import io.certgate.http.request.BadRequest;
import io.certgate.log.GatewayMetrics;
import io.certgate.proxyprotocol.ConnectionAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.logging.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the HTTP/2 protocol violations of clients where every one of them ends up: in the
 * RST_STREAM or GOAWAY frame certgate sends in answer. Netty's codec answers most violations
 * itself (a malformed header block, a rapid-reset or CONTINUATION flood) without telling any
 * handler, so a frame logger, which sees every frame written, is the one place that sees them all:
 *
 * <ul>
 *   <li>GOAWAY with ENHANCE_YOUR_CALM: a flood (RFC 9113 §10.5), {@code http2-flood};</li>
 *   <li>GOAWAY with any other error, RST_STREAM with PROTOCOL_ERROR, FLOW_CONTROL_ERROR,
 *       FRAME_SIZE_ERROR or COMPRESSION_ERROR: {@code http2-protocol-error}.</li>
 * </ul>
 *
 * Resets certgate sends for its own reasons (CANCEL for a timeout or a client gone, REFUSED_STREAM
 * over the stream limit, which is counted where it is decided) and INTERNAL_ERROR (certgate's
 * fault, logged as such) are not counted. Each counted frame gets one debug line. Frames are
 * otherwise logged as Netty's frame logger does, at trace level of this class's logger.
 */
final class Http2Violations extends Http2FrameLogger {

    static final String FLOOD = BadRequest.Reason.HTTP2_FLOOD.label();
    static final String PROTOCOL_ERROR = BadRequest.Reason.HTTP2_PROTOCOL_ERROR.label();
    private static final Logger LOG = LoggerFactory.getLogger(Http2Violations.class);

    private final GatewayMetrics metrics;

    Http2Violations(GatewayMetrics metrics) {
        super(LogLevel.TRACE, Http2Violations.class);
        this.metrics = metrics;
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.OUTBOUND && isClientsFault(errorCode)) {
            metrics.badRequest(PROTOCOL_ERROR);
            LOG.debug("reset stream {} of {}: {} ({})", streamId, ConnectionAddresses.of(ctx.channel()), name(errorCode), PROTOCOL_ERROR);
        }
        super.logRstStream(direction, ctx, streamId, errorCode);
    }

    @Override
    public void logGoAway(Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
        if (direction == Direction.OUTBOUND && errorCode != Http2Error.NO_ERROR.code()
                && errorCode != Http2Error.INTERNAL_ERROR.code()) {
            String reason = errorCode == Http2Error.ENHANCE_YOUR_CALM.code() ? FLOOD : PROTOCOL_ERROR;
            metrics.badRequest(reason);
            LOG.debug("closing {}: GOAWAY {} {} ({})", ConnectionAddresses.of(ctx.channel()), name(errorCode),
                    debugData.toString(java.nio.charset.StandardCharsets.UTF_8), reason);
        }
        super.logGoAway(direction, ctx, lastStreamId, errorCode, debugData);
    }

    static boolean isClientsFault(long errorCode) {
        return errorCode == Http2Error.PROTOCOL_ERROR.code() || errorCode == Http2Error.FLOW_CONTROL_ERROR.code()
                || errorCode == Http2Error.FRAME_SIZE_ERROR.code() || errorCode == Http2Error.COMPRESSION_ERROR.code();
    }

    private static String name(long errorCode) {
        Http2Error error = Http2Error.valueOf(errorCode);
        return error == null ? "error " + errorCode : error.name();
    }
}
