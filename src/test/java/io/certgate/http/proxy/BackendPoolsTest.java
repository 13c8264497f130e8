package io.certgate.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ProxyConfig;
import io.certgate.log.GatewayMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackendPoolsTest {

    private static final ProxyConfig BACKEND =
            new ProxyConfig("http://127.0.0.1:9/", "127.0.0.1", 9, Duration.ofSeconds(1), Duration.ofSeconds(1), false,
                    Optional.empty());

    private final BackendPools pools = new BackendPools(NioSocketChannel.class, new GatewayMetrics());

    @Test
    void aConnectionReusedManyTimesIsWatchedForCloseOnce() {
        CountingChannel connection = new CountingChannel();

        for (int i = 0; i < 1000; i++) {
            pools.release(connection, BACKEND, true);
            Future<Channel> reused = pools.acquire(connection.eventLoop(), BACKEND);
            assertThat(reused.getNow()).isSameAs(connection);
        }

        // one listener per reuse would grow without bound on a busy keep-alive connection
        assertThat(connection.closeListeners.get()).isEqualTo(1);
        assertThat(pools.reuses()).isEqualTo(1000);
    }

    @Test
    void anIdleConnectionThatClosesLeavesThePool() {
        CountingChannel first = new CountingChannel();
        CountingChannel second = new CountingChannel();
        pools.release(first, BACKEND, true);
        pools.release(second, BACKEND, true);

        second.close();

        assertThat(pools.acquire(first.eventLoop(), BACKEND).getNow()).isSameAs(first);
    }

    @Test
    void anEqualBackendConfigurationSharesThePool() {
        CountingChannel connection = new CountingChannel();
        pools.release(connection, BACKEND, true);

        ProxyConfig reloaded = new ProxyConfig("http://127.0.0.1:9/", "127.0.0.1", 9,
                Duration.ofSeconds(1), Duration.ofSeconds(1), false,
                    Optional.empty());

        assertThat(pools.acquire(connection.eventLoop(), reloaded).getNow()).isSameAs(connection);
    }

    @Test
    void aConnectionThatCannotCarryAnotherRequestIsClosedNotKept() {
        CountingChannel connection = new CountingChannel();

        pools.release(connection, BACKEND, false);

        assertThat(connection.isOpen()).isFalse();
    }

    /** An in-memory connection that counts who waits for it to close. */
    private static final class CountingChannel extends EmbeddedChannel {
        final AtomicInteger closeListeners = new AtomicInteger();

        @Override
        public ChannelFuture closeFuture() {
            ChannelFuture real = super.closeFuture();
            return new CountingCloseFuture(real, closeListeners);
        }
    }

    /** Delegates everything; counts {@code addListener}. */
    private static final class CountingCloseFuture extends DefaultChannelPromise {
        private final ChannelFuture real;
        private final AtomicInteger count;

        CountingCloseFuture(ChannelFuture real, AtomicInteger count) {
            super(real.channel());
            this.real = real;
            this.count = count;
        }

        @Override
        public ChannelPromise addListener(GenericFutureListener<? extends Future<? super Void>> listener) {
            count.incrementAndGet();
            real.addListener(listener);
            return this;
        }
    }
}
