package io.certgate.http.h2;

import io.certgate.http.IdleTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2SettingsFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/2 connection's idle timeout (1 s here) counts only stream frames: the idle handler
 * sees bytes, as it does before TLS, and the activity handler sees the frames the codec made of them.
 */
class Http2StreamActivityTest {

    private final List<Object> events = new ArrayList<>();
    private final EmbeddedChannel channel = connection();

    private EmbeddedChannel connection() {
        EmbeddedChannel embedded = new EmbeddedChannel();
        embedded.freezeTime();
        IdleTimeout idle = new IdleTimeout(Duration.ofSeconds(1));
        embedded.pipeline().addLast(idle, new Http2StreamActivity(idle), new ChannelInboundHandlerAdapter() {
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
    void pingsSettingsAndWindowUpdatesDoNotKeepAConnectionAlive() {
        for (int i = 0; i < 8; i++) {
            pass(250);
            channel.writeInbound(new DefaultHttp2PingFrame(i));
            channel.writeInbound(new DefaultHttp2SettingsFrame(new Http2Settings()));
            channel.writeInbound(new DefaultHttp2WindowUpdateFrame(1));
            channel.writeOutbound(new DefaultHttp2PingFrame(i, true));
        }

        assertThat(events).contains(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    @Test
    void requestsAndAnswersDo() {
        for (int i = 0; i < 8; i++) {
            pass(500);
            if (i % 2 == 0) {
                channel.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()));
            } else {
                channel.writeOutbound(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[] {1})));
            }
        }

        assertThat(events).isEmpty();

        pass(1250);
        assertThat(events).containsExactly(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    private void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
    }
}
