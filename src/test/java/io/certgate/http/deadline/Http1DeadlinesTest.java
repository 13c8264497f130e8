package io.certgate.http.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.log.GatewayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One HTTP/1.1 connection with a 1 s head and a 2 s body deadline, on a clock that moves only when told. */
class Http1DeadlinesTest {

    private static final String POST_HEAD = "POST /api/upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n";

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final List<HttpObject> received = new ArrayList<>();
    private final EmbeddedChannel channel = connection();

    private EmbeddedChannel connection() {
        EmbeddedChannel embedded = new EmbeddedChannel();
        embedded.freezeTime();
        Http1Deadlines deadlines = new Http1Deadlines(Duration.ofSeconds(1), Duration.ofSeconds(2), metrics);
        embedded.pipeline().addLast(deadlines.bytes(), new HttpServerCodec(), deadlines, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                received.add((HttpObject) msg);
                ReferenceCountUtil.release(msg);
            }
        });
        return embedded;
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aHeadTrickledPastTheTimeoutGets408AndTheConnectionCloses() {
        String head = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
        for (int i = 0; i < 4; i++) {
            send(head.substring(i, i + 1));
            pass(300);
        }
        assertThat(channel.isOpen()).isTrue(); // 1.2 s after the first byte: noticed within a quarter more

        pass(300);

        assertThat(written()).startsWith("HTTP/1.1 408 Request Timeout").contains("connection: close")
                .contains("the request head did not arrive within 1 s");
        assertThat(channel.isOpen()).isFalse();
        assertThat(received).isEmpty();
        assertThat(BadRequests.count(metrics, "request-header-timeout")).isEqualTo(1);
    }

    @Test
    void aHeadCompleteJustBeforeTheTimeoutIsServed() {
        send("GET / HTTP/1.1\r\n");
        pass(900);
        send("Host: localhost\r\n\r\n");

        pass(10_000);

        assertThat(channel.isOpen()).isTrue();
        assertThat(received).hasSize(2).first().isInstanceOf(HttpRequest.class);
    }

    @Test
    void aConnectionWaitingForItsNextRequestIsNotTimedOut() {
        send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        answer();

        pass(60_000); // the keep-alive idle timeout's business, not this one's

        assertThat(channel.isOpen()).isTrue();
        assertThat(BadRequests.count(metrics, "request-header-timeout")).isZero();
    }

    @Test
    void theHeadClockStartsAtTheFirstByteOfEachRequest() {
        send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        answer();
        pass(5_000);

        send("GET /next HTTP/1.1\r\n");
        pass(900);
        assertThat(channel.isOpen()).isTrue();
        pass(600);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSilentBodyGets408AndTheConnectionCloses() {
        send(POST_HEAD + "12345");
        pass(2_000);
        assertThat(channel.isOpen()).isTrue();

        pass(1_000);

        assertThat(written()).startsWith("HTTP/1.1 408 Request Timeout")
                .contains("the request body was silent for more than 2 s");
        assertThat(channel.isOpen()).isFalse();
        assertThat(BadRequests.count(metrics, "request-body-timeout")).isEqualTo(1);
    }

    @Test
    void aSlowBodyThatKeepsMovingIsNotCutOff() {
        send(POST_HEAD);
        for (int i = 0; i < 9; i++) {
            pass(1_500);
            send("x");
        }
        pass(1_500);
        send("x");

        pass(10_000);
        assertThat(channel.isOpen()).isTrue();
        assertThat(received.get(received.size() - 1)).isInstanceOf(LastHttpContent.class);
    }

    @Test
    void timeCertgateDoesNotReadDoesNotCountAgainstTheBody() {
        send(POST_HEAD + "12345");
        channel.config().setAutoRead(false); // a backend slow to connect, say

        pass(30_000);
        assertThat(channel.isOpen()).isTrue();

        channel.config().setAutoRead(true);
        pass(3_000);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void timeCertgateDoesNotReadDoesNotCountAgainstTheHead() {
        send("GET / HTTP/1.1\r\n");
        channel.config().setAutoRead(false); // the previous answer is still being written

        pass(30_000);

        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aDeadlineDuringAnAnswerClosesWithoutWritingIntoIt() {
        send("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n");
        send("GET /next HTTP/1.1\r\n"); // the pipelined next head stops halfway

        pass(1_500);

        assertThat(channel.isOpen()).isFalse();
        assertThat(written()).isEmpty(); // a 408 there would be read as the answer to /slow
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private void answer() {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeOutbound(response);
        ReferenceCountUtil.release(channel.readOutbound());
    }

    private String written() {
        StringBuilder text = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            text.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        return text.toString();
    }

    private void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }
}
