package io.certgate.http.h2;

import io.certgate.http.Connection;
import io.certgate.http.Exchange;
import io.certgate.http.request.BadRequest;
import io.certgate.log.GatewayMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code http.maxProxiedStreamsPerConnection}: at most that many streams of one HTTP/2 connection
 * may be at proxy locations at once, so that one client (say one that stops reading, its flow
 * control window at zero) holds at most that many backend connections. A stream over the limit is
 * reset with REFUSED_STREAM before anything of it reaches a backend: RFC 9113 §8.7 tells the
 * client it was not processed and may be retried. A place is given back when its stream closes.
 *
 * <p>One per stream, after {@link RequestGate} (which routed the request) and before the reverse
 * proxy. Requests for static files are not counted: they hold nothing outside the gateway.
 */
public final class ProxiedStreamLimit extends ChannelInboundHandlerAdapter {

    static final String REFUSED = BadRequest.Reason.REFUSED_STREAM.label();
    private static final Logger LOG = LoggerFactory.getLogger(ProxiedStreamLimit.class);

    private final int limit;
    private final GatewayMetrics metrics;
    private boolean counted;
    private boolean refused;

    public ProxiedStreamLimit(int limit, GatewayMetrics metrics) {
        if (limit < 1) {
            throw new IllegalArgumentException("the proxied stream limit must be at least 1: " + limit);
        }
        this.limit = limit;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // the rest of a refused request's body
            return;
        }
        if (msg instanceof HttpRequest && !counted && proxied(ctx)) {
            if (!Connection.of(ctx.channel()).tryProxyStream(limit)) {
                refused = true;
                ReferenceCountUtil.release(msg);
                metrics.badRequest(REFUSED);
                LOG.debug("refusing {}: {} streams of its connection are at backends already ({})",
                        ctx.channel(), limit, REFUSED);
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
                return;
            }
            counted = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (counted) {
            counted = false;
            Connection.of(ctx.channel()).proxyStreamEnded();
        }
        super.channelInactive(ctx);
    }

    private static boolean proxied(ChannelHandlerContext ctx) {
        return Exchange.current(ctx.channel()).location().map(location -> location.proxy() != null).orElse(false);
    }
}
