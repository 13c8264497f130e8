package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdleTimeoutTest {

    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final EmbeddedChannel channel = frozenClockChannel();

    /** The embedded loop's clock moves only when the test says so. */
    private EmbeddedChannel frozenClockChannel() {
        EmbeddedChannel embedded = new EmbeddedChannel();
        embedded.freezeTime();
        embedded.pipeline().addLast(new IdleTimeout(Duration.ofSeconds(1)), new Events(events));
        return embedded;
    }

    @Test
    void aSilentConnectionIsIdleAfterTheTimeoutAndNotBefore() {
        pass(999);
        assertThat(events).isEmpty();

        pass(1);
        assertThat(events).containsExactly(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    @Test
    void readingKeepsAConnectionActive() {
        for (int i = 0; i < 10; i++) {
            pass(500);
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        }
        assertThat(events).isEmpty();

        pass(1250); // idle from the last read on: noticed within a quarter more than the timeout
        assertThat(events).containsExactly(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    @Test
    void writingKeepsAConnectionActive() {
        for (int i = 0; i < 10; i++) {
            pass(500);
            channel.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1}));
        }
        assertThat(events).isEmpty();

        pass(1250);
        assertThat(events).hasSize(1);
    }

    @Test
    void aConnectionThatStaysIdleIsToldAgainEachPeriod() {
        pass(3000);

        assertThat(events).hasSize(3);
    }

    @Test
    void aClosedConnectionHearsNothingMore() {
        channel.close();

        pass(5000);

        assertThat(events).isEmpty();
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> new IdleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Bytes queued for a client that stopped reading are not activity: the connection goes idle. */
    @Test
    void aClientThatStopsReadingALongAnswerIsIdle() throws Exception {
        CountDownLatch idle = new CountDownLatch(1);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new IdleTimeout(Duration.ofMillis(200)), new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelActive(ChannelHandlerContext ctx) {
                                    // far more than the socket buffers hold: most of it stays queued
                                    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[64 << 20]));
                                }

                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                    if (event instanceof IdleStateEvent) {
                                        idle.countDown();
                                    }
                                }
                            });
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            try (Socket silent = new Socket()) {
                silent.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort()));
                assertThat(idle.await(30, TimeUnit.SECONDS)).as("idle event for a client that reads nothing").isTrue();
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static final class Events extends ChannelInboundHandlerAdapter {
        private final List<Object> seen;

        Events(List<Object> seen) {
            this.seen = seen;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            seen.add(event);
        }
    }
}
