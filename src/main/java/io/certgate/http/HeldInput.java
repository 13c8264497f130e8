package io.certgate.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * A connection's input held back while something is decided (a verdict): reading is paused,
 * whatever had already been read is queued, and once the decision is in, the queue is replayed
 * in order on the event loop and reading resumes. Used through {@link InputHoldingHandler} by
 * the handlers that judge a connection's certificate, so that everything after them sees a
 * finished verdict.
 */
final class HeldInput {

    private final Queue<Object> held = new ArrayDeque<>();
    private boolean holding;

    boolean holding() {
        return holding;
    }

    /** Queues a message read while holding. */
    void add(Object msg) {
        held.add(msg);
    }

    /**
     * Holds input until {@code decided} completes, then replays it and runs {@code afterwards}
     * (both on {@code ctx}'s event loop).
     */
    void holdUntil(ChannelHandlerContext ctx, CompletableFuture<?> decided, Runnable afterwards) {
        holding = true;
        ReadingPause.hold(ctx.channel());
        decided.whenComplete((v, e) -> ctx.executor().execute(() -> release(ctx, afterwards)));
    }

    private void release(ChannelHandlerContext ctx, Runnable afterwards) {
        if (!holding) {
            return;
        }
        holding = false;
        if (!ctx.channel().isActive()) {
            discard();
            return;
        }
        Object msg;
        while ((msg = held.poll()) != null) {
            ctx.fireChannelRead(msg);
        }
        ctx.fireChannelReadComplete();
        if (ReadingPause.release(ctx.channel())) {
            ctx.read();
        }
        afterwards.run();
    }

    /** Releases what is queued (the connection closed, or the handler left the pipeline). */
    void discard() {
        Object msg;
        while ((msg = held.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
