package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 idle time counts decrypted bytes only: bytes that TLS holds back (a record that never
 * completes) are stood in for by a handler that swallows what starts with 0x17, as SslHandler
 * keeps a partial record to itself.
 */
class Http1ActivityTest {

    private final List<Object> events = new ArrayList<>();
    private final EmbeddedChannel channel = connection();

    private EmbeddedChannel connection() {
        EmbeddedChannel embedded = new EmbeddedChannel();
        embedded.freezeTime();
        IdleTimeout idle = new IdleTimeout(Duration.ofSeconds(1));
        embedded.pipeline().addLast(idle, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf bytes && bytes.getByte(0) == 0x17) {
                    bytes.release(); // a piece of a TLS record: nothing decrypted yet
                    return;
                }
                ctx.fireChannelRead(msg);
            }
        }, new Http1Activity(idle), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                events.add(event);
            }
        });
        return embedded;
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void bytesOfARecordThatNeverCompletesKeepNoConnectionAlive() {
        for (int i = 0; i < 8; i++) {
            pass(250);
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x17}));
        }

        assertThat(events).contains(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    @Test
    void decryptedBytesDo() {
        for (int i = 0; i < 8; i++) {
            pass(250);
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
        }

        assertThat(events).isEmpty();
    }

    private void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }
}
