package io.certgate.http.deadline;

import io.certgate.log.GatewayMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code http.requestBodyTimeout} for the streams of one HTTP/2 connection: a stream whose request
 * body falls silent for longer is reset (RST_STREAM CANCEL, RFC 9113 §8.1: the server no longer
 * wants the rest), which ends its exchange; a proxied one's backend connection is then closed,
 * never pooled. The connection and its other streams go on.
 *
 * <p>One timer per connection, started with it: each stream's {@link #watch()} handler only sets
 * fields as its body arrives, and only streams that are reading a body are looked at on a tick.
 * A stream whose reading certgate paused (its channel's or the connection's {@code autoRead} off,
 * so the client is held back by flow control) is not silent by its own doing and is not counted.
 */
public final class StreamBodyDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(StreamBodyDeadlines.class);

    private final Channel connection;
    private final Duration bodyTimeout;
    private final int ticksAllowed;
    private final GatewayMetrics metrics;
    private final List<Watch> readingBodies = new ArrayList<>();
    private ScheduledFuture<?> timer;

    private StreamBodyDeadlines(Channel connection, Duration bodyTimeout, GatewayMetrics metrics) {
        this.connection = connection;
        this.bodyTimeout = bodyTimeout;
        this.metrics = metrics;
        Ticks ticks = Ticks.of(bodyTimeout, bodyTimeout);
        this.ticksAllowed = ticks.body();
        this.timer = connection.eventLoop().scheduleAtFixedRate(this::tick, ticks.periodNanos(), ticks.periodNanos(),
                TimeUnit.NANOSECONDS);
        connection.closeFuture().addListener(closed -> stop());
    }

    /** Starts the deadlines of an HTTP/2 connection; call on its event loop. */
    public static StreamBodyDeadlines start(Channel connection, Duration bodyTimeout, GatewayMetrics metrics) {
        return new StreamBodyDeadlines(connection, bodyTimeout, metrics);
    }

    /** A handler for one stream's pipeline, after the frame-to-HTTP codec. */
    public ChannelHandler watch() {
        return new Watch();
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        readingBodies.clear();
    }

    private void tick() {
        if (!connection.isOpen()) {
            stop();
            return;
        }
        if (readingBodies.isEmpty()) {
            return;
        }
        boolean connectionReading = connection.config().isAutoRead();
        List<Channel> silent = new ArrayList<>(0);
        readingBodies.removeIf(watch -> watch.tick(connectionReading, silent));
        // Closed after the sweep: closing runs other handlers, which must not find the list mid-sweep.
        for (Channel stream : silent) {
            stream.close(); // an open stream's channel sends RST_STREAM(CANCEL) as it closes
        }
    }

    /** One stream's body, as far as its deadline cares. */
    private final class Watch extends ChannelInboundHandlerAdapter {
        private Channel stream;
        private boolean watched;
        private boolean moved;
        private int quietTicks;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest && !(msg instanceof LastHttpContent)) {
                stream = ctx.channel();
                moved = false;
                quietTicks = 0;
                if (!watched) {
                    watched = true;
                    readingBodies.add(this);
                }
            } else if (msg instanceof LastHttpContent) {
                watched = false; // dropped from the list on the next tick
            } else if (msg instanceof HttpContent) {
                moved = true;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            watched = false;
            super.channelInactive(ctx);
        }

        /** True when this stream needs watching no more; adds it to {@code silent} when its time is up. */
        boolean tick(boolean connectionReading, List<Channel> silent) {
            if (!watched) {
                return true;
            }
            if (moved || !connectionReading || !stream.config().isAutoRead()) {
                moved = false;
                quietTicks = 0;
                return false;
            }
            if (++quietTicks <= ticksAllowed) {
                return false;
            }
            watched = false;
            metrics.badRequest(Http1Deadlines.BODY_TIMEOUT);
            LOG.debug("resetting {}: the request body was silent for more than {} ({})", stream,
                    Http1Deadlines.seconds(bodyTimeout), Http1Deadlines.BODY_TIMEOUT);
            silent.add(stream);
            return true;
        }
    }
}
