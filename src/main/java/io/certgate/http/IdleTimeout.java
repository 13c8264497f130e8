package io.certgate.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;

/**
 * Fires {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} when a connection has neither read nor
 * written anything for the timeout, as Netty's {@code IdleStateHandler(0, 0, timeout)} does, and
 * the handlers that close idle connections react to the same event.
 *
 * <p>Why not {@code IdleStateHandler}: it stamps the clock on every read batch and attaches a
 * listener (and, for void promises, a new promise) to every write so that it learns when the
 * write completes. On a keep-alive connection doing tens of thousands of requests a second that
 * is a measurable share of the work. Here reads and writes only set a flag, and a timer that runs
 * four times per timeout looks at the flag, so an idle connection is noticed between one timeout
 * and a quarter more after its last activity, which is all a keep-alive timeout needs.
 *
 * <p>A write counts when it is made; a client that stops reading a long answer is not active just
 * because bytes are queued for it: the connection is active only while that queue drains (as
 * nginx's send_timeout counts the time between two successful writes).
 *
 * <p>On an HTTP/2 connection bytes are the wrong measure: PING, SETTINGS and WINDOW_UPDATE frames
 * carry no request, yet a client sending a PING every 30 s would keep a connection with no streams
 * (or with streams stalled behind a zero window, each holding a backend connection) open forever.
 * After {@link #countStreamFramesOnly()} only {@link #streamActivity()} counts, which
 * {@code http.h2.Http2StreamActivity} calls for HEADERS and DATA frames read or written, and still the
 * draining of the outbound queue.
 */
public final class IdleTimeout extends ChannelDuplexHandler {

    private static final int TICKS_PER_TIMEOUT = 4;

    private final long tickNanos;
    private boolean readOrWrote;
    /** True once only stream frames count as activity (HTTP/2), not every byte. */
    private boolean streamFramesOnly;
    private int quietTicks;
    private long queuedAtLastTick;
    private ScheduledFuture<?> timer;

    public IdleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("an idle timeout must be positive: " + timeout);
        }
        this.tickNanos = Math.max(1, timeout.toNanos() / TICKS_PER_TIMEOUT);
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
        if (!streamFramesOnly) {
            readOrWrote = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!streamFramesOnly) {
            readOrWrote = true;
        }
        ctx.write(msg, promise);
    }

    /** From now on bytes read or written do not count, only {@link #streamActivity()} (HTTP/2). */
    public void countStreamFramesOnly() {
        streamFramesOnly = true;
    }

    /** A request or its answer moved (an HTTP/2 HEADERS or DATA frame); called on the event loop. */
    public void streamActivity() {
        readOrWrote = true;
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), tickNanos, tickNanos, TimeUnit.NANOSECONDS);
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
        long queued = queuedBytes(ctx);
        boolean draining = queued != queuedAtLastTick;
        queuedAtLastTick = queued;
        if (readOrWrote || draining) {
            readOrWrote = false;
            quietTicks = 0;
            return;
        }
        if (++quietTicks >= TICKS_PER_TIMEOUT) {
            quietTicks = 0; // like IdleStateHandler: once per idle period, again if it stays idle
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        }
    }

    private static long queuedBytes(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
