package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.log.GatewayMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pipelined requests behind a handler that answers only when the test says so; at most 3 may wait. */
class PipeliningGuardTest {

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Deque<ChannelHandlerContext> unanswered = new ArrayDeque<>();
    private final List<String> served = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new PipeliningGuard(3, metrics), new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                served.add(request.uri());
                unanswered.add(ctx);
            }
            ReferenceCountUtil.release(msg);
        }
    });

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void waitingRequestsAreServedInOrderOneAfterTheOther() {
        send(4);
        assertThat(served).containsExactly("/0");
        assertThat(channel.config().isAutoRead()).as("reading stops while requests wait").isFalse();

        for (int i = 0; i < 4; i++) {
            answerNext();
        }

        assertThat(served).containsExactly("/0", "/1", "/2", "/3");
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void theFirstRequestOverTheLimitIsAnsweredInItsTurnWith503AndTheConnectionCloses() {
        send(7); // one served, three waiting, the fifth refused, the rest dropped

        for (int i = 0; i < 4; i++) {
            answerNext();
        }

        assertThat(served).containsExactly("/0", "/1", "/2", "/3");
        List<FullHttpResponse> answers = answers();
        assertThat(answers).extracting(r -> r.status().code()).containsExactly(200, 200, 200, 200, 503);
        FullHttpResponse refusal = answers.get(4);
        assertThat(refusal.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        assertThat(refusal.content().toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("more than 3 pipelined requests were waiting");
        answers.forEach(ReferenceCountUtil::release);
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.scrape()).contains("certgate_bad_requests_total{reason=\"pipeline-limit\"} 1.0");
    }

    @Test
    void nothingBehindARequestThatEndsTheConnectionIsPassedOn() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/last")); // no keep-alive
        send(2);

        answerNext();

        assertThat(served).as("an answer to /0 could never be delivered").containsExactly("/last");
        answers().forEach(ReferenceCountUtil::release);
    }

    @Test
    void nothingBehindAnAnswerWithConnectionCloseIsPassedOn() {
        send(3);
        ChannelHandlerContext ctx = unanswered.poll();
        DefaultFullHttpResponse closing = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        closing.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(closing);
        channel.runPendingTasks();

        assertThat(served).containsExactly("/0");
        answers().forEach(ReferenceCountUtil::release);
    }

    private void send(int count) {
        for (int i = 0; i < count; i++) {
            channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/" + i));
        }
    }

    private void answerNext() {
        ChannelHandlerContext ctx = unanswered.poll();
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(response);
        channel.runPendingTasks();
    }

    private List<FullHttpResponse> answers() {
        List<FullHttpResponse> answers = new ArrayList<>();
        FullHttpResponse response;
        while ((response = channel.readOutbound()) != null) {
            answers.add(response);
        }
        return answers;
    }
}
