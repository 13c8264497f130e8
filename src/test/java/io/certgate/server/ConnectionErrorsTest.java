package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.certgate.log.GatewayMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameLogger;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectionErrorsTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ConnectionErrors.class);
    private final EmbeddedChannel channel = new EmbeddedChannel(new ConnectionErrors());

    ConnectionErrorsTest() {
        log.start();
        logger.addAppender(log);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(log);
        logger.setLevel(null);
        channel.finishAndReleaseAll();
    }

    @Test
    void anHttp2ViolationIsOneDebugLineWithoutAStackTraceAndNettyAnswersIt() {
        channel.pipeline().fireExceptionCaught(Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM,
                "Maximum number 200 of RST frames reached within 30 seconds"));

        // Left open: Netty's HTTP/2 handler sends GOAWAY ENHANCE_YOUR_CALM and closes, after this handler.
        assertThat(channel.isOpen()).isTrue();
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getThrowableProxy()).isNull();
            assertThat(event.getFormattedMessage()).contains("RST frames");
        });
    }

    @Test
    void aConnectionResetIsADebugLine() {
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(log.list).singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.DEBUG);
    }

    @Test
    void certgatesOwnBugsStayVisible() {
        channel.pipeline().fireExceptionCaught(new IllegalStateException("a handler's bug"));
        EmbeddedChannel another = new EmbeddedChannel(new ConnectionErrors());
        another.pipeline().fireExceptionCaught(Http2Exception.connectionError(Http2Error.INTERNAL_ERROR, "ours"));
        another.finishAndReleaseAll();

        assertThat(log.list).hasSize(2).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getThrowableProxy()).isNotNull();
        });
    }

    @Test
    void theFramesCertgateSendsInAnswerAreCountedByReason() {
        GatewayMetrics metrics = new GatewayMetrics();
        Http2Violations violations = new Http2Violations(metrics);
        var ctx = channel.pipeline().firstContext();
        Http2FrameLogger.Direction out = Http2FrameLogger.Direction.OUTBOUND;

        violations.logGoAway(out, ctx, 0, Http2Error.ENHANCE_YOUR_CALM.code(), Unpooled.EMPTY_BUFFER);
        violations.logGoAway(out, ctx, 0, Http2Error.COMPRESSION_ERROR.code(), Unpooled.EMPTY_BUFFER);
        violations.logRstStream(out, ctx, 3, Http2Error.PROTOCOL_ERROR.code());
        // Not the client's fault, or not ours to count here:
        violations.logGoAway(out, ctx, 0, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
        violations.logGoAway(out, ctx, 0, Http2Error.INTERNAL_ERROR.code(), Unpooled.EMPTY_BUFFER);
        violations.logRstStream(out, ctx, 5, Http2Error.CANCEL.code());
        violations.logRstStream(out, ctx, 7, Http2Error.REFUSED_STREAM.code());
        violations.logRstStream(Http2FrameLogger.Direction.INBOUND, ctx, 9, Http2Error.PROTOCOL_ERROR.code());

        assertThat(metrics.scrape())
                .contains("certgate_bad_requests_total{reason=\"http2-flood\"} 1.0")
                .contains("certgate_bad_requests_total{reason=\"http2-protocol-error\"} 2.0");
    }
}
