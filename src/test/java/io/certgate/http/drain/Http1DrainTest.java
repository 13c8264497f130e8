package io.certgate.http.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An HTTP/1.1 connection under a graceful stop: idle ones close, a busy one says Connection: close and closes after its answer. */
class Http1DrainTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedChannel channel = new EmbeddedChannel(new Http1Drain());

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private void request() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/slow"));
        ReferenceCountUtil.release(channel.readInbound());
    }

    private static FullHttpResponse ok() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.copiedBuffer(new byte[] {'o', 'k'}));
    }

    private HttpResponse written() {
        Object out = channel.readOutbound();
        assertThat(out).isInstanceOf(HttpResponse.class);
        return (HttpResponse) out;
    }

    @Test
    void anIdleKeepAliveConnectionClosesAtOnce() {
        request();
        channel.writeOutbound(ok());
        ReferenceCountUtil.release(channel.readOutbound());
        assertThat(channel.isOpen()).isTrue();

        Draining.start(channel, TIMEOUT);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRequestInFlightIsAnsweredWithConnectionCloseThenTheConnectionCloses() {
        request();

        Draining.start(channel, TIMEOUT);
        assertThat(channel.isOpen()).as("the request is still being answered").isTrue();

        channel.writeOutbound(ok());
        HttpResponse answer = written();
        assertThat(answer.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        ReferenceCountUtil.release(answer);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anAnswerWhoseHeadWentOutBeforeTheStopStillEndsTheConnectionAfterItsLastByte() {
        request();
        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertThat(written().headers().contains(HttpHeaderNames.CONNECTION)).isFalse();

        Draining.start(channel, TIMEOUT);
        channel.writeOutbound(new DefaultHttpContent(Unpooled.copiedBuffer(new byte[] {'x'})));
        assertThat(channel.isOpen()).isTrue();
        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aHundredContinueIsNotTheAnswer() {
        request();
        Draining.start(channel, TIMEOUT);

        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        HttpResponse interim = written();
        assertThat(interim.headers().contains(HttpHeaderNames.CONNECTION)).as("1xx carries no Connection: close").isFalse();
        ReferenceCountUtil.release(interim);
        assertThat(channel.isOpen()).isTrue();

        channel.writeOutbound(ok());
        ReferenceCountUtil.release(written());
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aConnectionWhoseHttpLayerCameAfterTheStopAnswersOneRequest() {
        EmbeddedChannel late = new EmbeddedChannel();
        Draining.start(late, TIMEOUT); // still in its handshake: nothing to drain yet
        late.pipeline().addLast(new Http1Drain());
        assertThat(late.isOpen()).as("not closed before its first request").isTrue();

        late.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        ReferenceCountUtil.release(late.readInbound());
        late.writeOutbound(ok());
        HttpResponse answer = (HttpResponse) late.readOutbound();
        assertThat(answer.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        ReferenceCountUtil.release(answer);
        assertThat(late.isOpen()).isFalse();
        late.finishAndReleaseAll();
    }

    @Test
    void withoutAStopAnswersKeepTheConnectionOpen() {
        request();
        channel.writeOutbound(ok());
        HttpResponse answer = written();
        assertThat(answer.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
        ReferenceCountUtil.release(answer);
        assertThat(channel.isOpen()).isTrue();
    }
}
