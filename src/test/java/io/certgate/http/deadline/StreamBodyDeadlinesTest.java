package io.certgate.http.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.log.GatewayMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The body deadline of HTTP/2 streams: the connection's timer (an embedded channel whose clock
 * moves only when told) looks at each stream reading a body; the streams are embedded channels.
 */
class StreamBodyDeadlinesTest {

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final EmbeddedChannel connection = frozen();
    private final StreamBodyDeadlines deadlines = StreamBodyDeadlines.start(connection, Duration.ofSeconds(2), metrics);

    private static EmbeddedChannel frozen() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        return channel;
    }

    @AfterEach
    void close() {
        connection.finishAndReleaseAll();
    }

    @Test
    void aStreamWhoseBodyFallsSilentIsClosedAndTheOthersGoOn() {
        EmbeddedChannel silent = stream();
        EmbeddedChannel moving = stream();
        silent.writeInbound(post());
        moving.writeInbound(post());

        for (int i = 0; i < 6; i++) {
            pass(500);
            moving.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {1})));
        }

        assertThat(silent.isOpen()).isFalse();
        assertThat(moving.isOpen()).isTrue();
        assertThat(connection.isOpen()).isTrue();
        assertThat(BadRequests.count(metrics, "request-body-timeout")).isEqualTo(1);
        moving.finishAndReleaseAll();
    }

    @Test
    void aStreamWhoseBodyIsCompleteIsNotWatched() {
        EmbeddedChannel stream = stream();
        stream.writeInbound(post());
        stream.writeInbound(new DefaultLastHttpContent());

        pass(60_000); // the answer may take as long as the backend needs

        assertThat(stream.isOpen()).isTrue();
        stream.finishAndReleaseAll();
    }

    @Test
    void aStreamCertgateStoppedReadingIsNotSilentByItsOwnDoing() {
        EmbeddedChannel stream = stream();
        stream.writeInbound(post());
        stream.config().setAutoRead(false); // the backend is behind: flow control holds the client back

        pass(60_000);
        assertThat(stream.isOpen()).isTrue();

        stream.config().setAutoRead(true);
        pass(3_000);
        assertThat(stream.isOpen()).isFalse();
    }

    private EmbeddedChannel stream() {
        return new EmbeddedChannel(deadlines.watch());
    }

    private static DefaultHttpRequest post() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/upload");
    }

    private void pass(long millis) {
        connection.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        connection.runScheduledPendingTasks();
    }
}
