package io.certgate.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Who holds a channel's reading off. Several handlers pause a connection for their own reasons
 * (a verdict being decided, a pipelined request waiting its turn, a proxied body waiting for the
 * backend); reading resumes only when the last of them lets go, not when the first does. Used on
 * the channel's event loop only.
 */
public final class ReadingPause {

    private static final AttributeKey<ReadingPause> KEY = AttributeKey.valueOf("certgate.readingPause");

    private int holders;

    private ReadingPause() {
    }

    /** Stops {@code channel} reading until every holder has {@link #release released} it. */
    public static void hold(Channel channel) {
        ReadingPause pause = of(channel);
        if (pause.holders++ == 0) {
            channel.config().setAutoRead(false);
        }
    }

    /** Gives up one hold; true when it was the last, and reading has resumed. */
    public static boolean release(Channel channel) {
        ReadingPause pause = of(channel);
        if (pause.holders == 0 || --pause.holders > 0) {
            return false;
        }
        channel.config().setAutoRead(true);
        return true;
    }

    private static ReadingPause of(Channel channel) {
        ReadingPause pause = channel.attr(KEY).get();
        if (pause == null) {
            pause = new ReadingPause();
            channel.attr(KEY).set(pause);
        }
        return pause;
    }
}
