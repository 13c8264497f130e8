package io.certgate.http.deadline;

import io.certgate.http.request.BadRequest;
import io.certgate.http.ErrorResponses;
import io.certgate.log.GatewayMetrics;
import io.certgate.proxyprotocol.ConnectionAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request deadlines of one HTTP/1.1 connection (nginx's client_header_timeout and
 * client_body_timeout): a request head must be complete within {@code headerTimeout} of its first
 * byte, and a body may fall silent for at most {@code bodyTimeout}. Between requests neither
 * applies: the keep-alive {@code IdleTimeout} does.
 *
 * <p>On expiry the client gets {@code 408 Request Timeout} with {@code Connection: close} when
 * nothing is being answered on the connection (an answer cannot be interrupted by another), and
 * the connection closes. A proxied request's backend connection then closes with it (the proxy
 * abandons an exchange whose client went away), so it is never returned to the pool half-sent.
 *
 * <p>Sits right after the HTTP codec, which it needs to know where a head ends; the first byte of
 * a head is seen by {@link #bytes()}, placed right before the codec. Time during which certgate
 * itself stopped reading (the connection's {@code autoRead} off: backpressure, a pipelined request
 * waiting its turn) is not counted against the client.
 */
public final class Http1Deadlines extends ChannelDuplexHandler {

    static final String HEADER_TIMEOUT = BadRequest.Reason.REQUEST_HEADER_TIMEOUT.label();
    static final String BODY_TIMEOUT = BadRequest.Reason.REQUEST_BODY_TIMEOUT.label();
    private static final Logger LOG = LoggerFactory.getLogger(Http1Deadlines.class);

    /** Where the connection is in its current request, as far as the deadlines care. */
    private enum Phase {
        /** No byte of a next request yet: the keep-alive idle timeout applies, not these. */
        BETWEEN_REQUESTS,
        /** Some of a head has arrived, not all of it. */
        HEAD,
        /** The head is in, its body is still coming. */
        BODY,
        /** A deadline expired; the connection is closing. */
        EXPIRED
    }

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Ticks ticks;
    private final GatewayMetrics metrics;

    private Phase phase = Phase.BETWEEN_REQUESTS;
    private int ticksInPhase;
    private boolean bodyMoved;
    /** The request being read (not retained: only its headers are read, for the 408's format). */
    private HttpRequest reading;
    private long requests;
    private long answered;
    private boolean answering;
    private boolean informational;
    private ScheduledFuture<?> timer;

    public Http1Deadlines(Duration headerTimeout, Duration bodyTimeout, GatewayMetrics metrics) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.ticks = Ticks.of(headerTimeout, bodyTimeout);
        this.metrics = metrics;
    }

    /** The handler to place right before the HTTP codec: it notices the first byte of each head. */
    public ChannelHandler bytes() {
        return new BytesBeforeDecoding();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase != Phase.EXPIRED) {
            if (msg instanceof HttpRequest request) {
                requests++;
                boolean complete = msg instanceof LastHttpContent;
                phase = complete ? Phase.BETWEEN_REQUESTS : Phase.BODY;
                reading = complete ? null : request;
                ticksInPhase = 0;
                bodyMoved = false;
            } else if (msg instanceof LastHttpContent) {
                phase = Phase.BETWEEN_REQUESTS;
                reading = null;
            } else if (msg instanceof HttpContent) {
                bodyMoved = true;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            answering |= !informational;
        }
        if (msg instanceof LastHttpContent && !informational && answering) {
            answering = false;
            answered++;
        }
        ctx.write(msg, promise);
    }

    private void bytesArrived() {
        if (phase == Phase.BETWEEN_REQUESTS) {
            phase = Phase.HEAD;
            ticksInPhase = 0;
        } else if (phase == Phase.BODY) {
            bodyMoved = true;
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), ticks.periodNanos(), ticks.periodNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void tick(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            stop();
            return;
        }
        boolean clientsTurn = ctx.channel().config().isAutoRead();
        switch (phase) {
            case HEAD -> {
                if (clientsTurn && ++ticksInPhase > ticks.header()) {
                    headTimedOut(ctx);
                }
            }
            case BODY -> {
                if (bodyMoved || !clientsTurn) {
                    bodyMoved = false;
                    ticksInPhase = 0;
                } else if (++ticksInPhase > ticks.body()) {
                    bodyTimedOut(ctx);
                }
            }
            default -> { }
        }
    }

    private void headTimedOut(ChannelHandlerContext ctx) {
        String why = "the request head did not arrive within " + seconds(headerTimeout);
        expired(ctx, HEADER_TIMEOUT, why);
        if (requests == answered && !answering) {
            // Written from here, past the request handlers: no request was ever decoded for it.
            ctx.writeAndFlush(timeout(ctx, null, why)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void bodyTimedOut(ChannelHandlerContext ctx) {
        String why = "the request body was silent for more than " + seconds(bodyTimeout);
        expired(ctx, BODY_TIMEOUT, why);
        if (requests == answered + 1 && !answering) {
            // Through the whole pipeline, so that the access log records the 408 of this request.
            String accept = reading == null ? null : reading.headers().get(HttpHeaderNames.ACCEPT);
            ctx.channel().writeAndFlush(timeout(ctx, accept, why)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void expired(ChannelHandlerContext ctx, String reason, String why) {
        phase = Phase.EXPIRED;
        reading = null;
        stop();
        metrics.badRequest(reason);
        LOG.debug("closing {}: {} ({})", ConnectionAddresses.of(ctx.channel()), why, reason);
    }

    private static FullHttpResponse timeout(ChannelHandlerContext ctx, String accept, String detail) {
        FullHttpResponse response = ErrorResponses.outsideRequest(ctx, HttpResponseStatus.REQUEST_TIMEOUT, detail, accept);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** Sees the decrypted bytes before the codec does, to start a head's clock at its first byte. */
    private final class BytesBeforeDecoding extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                bytesArrived();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
