package io.certgate.http.drain;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Duration;

/**
 * The stop of one connection: {@link #start} marks the channel and fires a {@link Drain} event
 * down its pipeline, where {@link Http1Drain} or {@link Http2Drain} acts on it. The mark stays, so
 * that a connection whose HTTP layer is added later (its handshake was still running) drains too.
 */
public final class Draining {

    /** The user event: stop taking requests; {@code timeout} is how long the gateway still waits for the last ones. */
    public record Drain(Duration timeout) {
    }

    private static final AttributeKey<Drain> KEY = AttributeKey.valueOf("certgate.drain");

    private Draining() {
    }

    /** Marks the connection and tells its handlers; call on the channel's event loop. */
    public static void start(Channel channel, Duration timeout) {
        Drain drain = new Drain(timeout);
        channel.attr(KEY).set(drain);
        channel.pipeline().fireUserEventTriggered(drain);
    }

    /** The drain the connection is under, or null while the gateway serves normally. */
    static Drain of(Channel channel) {
        return channel.attr(KEY).get();
    }
}
