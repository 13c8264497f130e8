package io.certgate.server;

import io.certgate.config.ShutdownConfig;
import io.certgate.http.drain.Draining;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a graceful stop (SIGTERM), in order: the caller has turned {@code /readyz} to 503;
 * wait {@code shutdown.drainDelay} while still serving, so that a load balancer sees the 503 and
 * sends new clients elsewhere; stop accepting; tell every open connection to finish its current
 * answer and close ({@link Draining}); wait up to {@code shutdown.timeout} for the last one. The
 * caller then closes whatever is left. A second SIGTERM ({@link #hurry}) skips what is left to wait.
 *
 * <p>It knows the open connections because {@link #tracker} sits on every listener and adds each
 * accepted connection to a group that forgets it when it closes.
 */
final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private final ChannelGroup connections = new DefaultChannelGroup("certgate-connections", GlobalEventExecutor.INSTANCE);
    private final ChannelHandler tracker = new Tracker(connections);
    /** Counted down by a second SIGTERM: no more waiting. */
    private final CountDownLatch hurry = new CountDownLatch(1);
    /** Counted down when the last connection has closed, or by a second SIGTERM. */
    private final CountDownLatch finished = new CountDownLatch(1);

    /** The handler for each listener's own pipeline (ServerBootstrap.handler): it sees every accepted connection first. */
    ChannelHandler tracker() {
        return tracker;
    }

    /** Counted down once the stop has closed everything. */
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean signalled = new AtomicBoolean();

    /**
     * What SIGTERM does: the first one runs {@code stop} on a thread of its own (a signal handler
     * must return quickly), any later one {@link #hurry hurries} it. Each signal is handled on a
     * thread of its own, hence the atomic test.
     */
    Runnable onSignal(Runnable stop) {
        return () -> {
            if (!signalled.compareAndSet(false, true)) {
                LOG.info("SIGTERM again: not waiting any longer");
                hurry();
                return;
            }
            new Thread(stop, "certgate-stop").start();
        };
    }

    /** Says the stop has closed everything. */
    void done() {
        done.countDown();
    }

    /** Blocks until {@link #done}. */
    void awaitDone() throws InterruptedException {
        done.await();
    }

    /** Skips the rest of the waiting (a second SIGTERM). */
    void hurry() {
        hurry.countDown();
        finished.countDown();
    }

    /**
     * Runs the steps on the calling thread; returns once every connection is closed or the time is up.
     *
     * @param stopAccepting closes the listeners and returns once they are closed
     */
    void run(ShutdownConfig settings, Runnable stopAccepting) throws InterruptedException {
        LOG.info("stopping: /readyz answers 503; listeners close in {} ms", settings.drainDelay().toMillis());
        hurry.await(settings.drainDelay().toMillis(), TimeUnit.MILLISECONDS);
        stopAccepting.run();
        Duration timeout = settings.timeout();
        LOG.info("stopping: listeners closed; waiting up to {} ms for {} open connection(s) to finish",
                timeout.toMillis(), connections.size());
        // Taken after the listeners closed: no connection joins the group any more.
        connections.newCloseFuture().addListener(done -> finished.countDown());
        for (Channel connection : connections) {
            connection.eventLoop().execute(() -> Draining.start(connection, timeout));
        }
        finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int left = connections.size();
        if (left == 0) {
            LOG.info("stopping: every connection finished");
        } else {
            LOG.warn("stopping: {} connection(s) still open after shutdown.timeout ({} ms){}; closing them", left,
                    timeout.toMillis(), hurry.getCount() == 0 ? " or a second SIGTERM" : "");
        }
    }

    /** Adds each accepted connection to the group (which drops it again when it closes). */
    @ChannelHandler.Sharable
    private static final class Tracker extends ChannelInboundHandlerAdapter {
        private final ChannelGroup connections;

        Tracker(ChannelGroup connections) {
            this.connections = connections;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel accepted) {
                connections.add(accepted);
            }
            ctx.fireChannelRead(msg);
        }
    }
}
