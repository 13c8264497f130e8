package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * What reaches certgate's request handlers from HTTP/2 header blocks no client library would send,
 * through the real server codec ({@link AlpnPipeline#http2Codec}) and the stream handlers before
 * routing: malformed ones are reset with PROTOCOL_ERROR before any handler sees a request, counted
 * once in {@code certgate_bad_requests_total}, and logged without a warning.
 */
class Http2RequestValidationTest {

    private static final long PROTOCOL_ERROR = Http2Error.PROTOCOL_ERROR.code();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void watchTheLog() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void noWarnings() {
        root.detachAppender(log);
        assertThat(log.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    static Stream<Arguments> malformed() {
        return Stream.<Arguments>of(
                // Pseudo-header fields (RFC 9113 §8.3): Http2PseudoHeaderCheck refuses :protocol, Netty the rest.
                malformed("extended CONNECT without SETTINGS_ENABLE_CONNECT_PROTOCOL",
                        h -> h.method("CONNECT").path("/chat").add(":protocol", "websocket")),
                malformed(":protocol on a GET", h -> h.add(":protocol", "websocket")),
                malformed("an unknown pseudo-header", h -> h.add(":foo", "bar")),
                malformed("an upper-case pseudo-header", h -> h.add(":PATH", "/x")),
                malformed("a response pseudo-header", h -> h.add(":status", "200")),
                malformed("two :path", h -> h.add(":path", "/admin")),
                malformed("two :authority", h -> h.add(":authority", "site2.test")),
                malformed("an empty :path", h -> h.path("")),
                // Regular fields (§8.2): Netty's header validation.
                malformed("an upper-case header name", h -> h.add("X-Remote-User", "alice")),
                malformed("a connection-specific header", h -> h.add("connection", "close")),
                malformed("TE other than trailers", h -> h.add("te", "gzip")),
                malformed("CR in a value", h -> h.add("x-a", "a\rb")),
                malformed("NUL in a value", h -> h.add("x-a", "a\0b")),
                malformed("a colon inside a name", h -> h.add("x:a", "b")),
                malformed("Host naming another authority than :authority", h -> h.add("host", "site2.test")));
    }

    private static Arguments malformed(String what, UnaryOperator<Http2Headers> change) {
        return Arguments.of(what, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedHeaderBlockIsResetBeforeAnyHandlerSeesIt(String what, UnaryOperator<Http2Headers> change) {
        try (RawHttp2Connection h2 = new RawHttp2Connection()) {
            h2.headers(3, change.apply(get()), true);

            assertThat(h2.seen.requests).as(what).isEmpty();
            assertThat(h2.seen.resets).as(what).containsExactly(PROTOCOL_ERROR);
            assertThat(h2.isOpen()).as("only the stream ends, not the connection").isTrue();
            assertThat(h2.metrics.scrape()).contains("certgate_bad_requests_total{reason=\"http2-protocol-error\"} 1.0");
        }
    }

    @Test
    void pseudoHeadersInTrailersAbortTheRequestBeforeItsEnd() {
        try (RawHttp2Connection h2 = new RawHttp2Connection()) {
            h2.headers(3, get().method("POST"), false);
            h2.data(3, "body", false);
            h2.headers(3, new DefaultHttp2Headers(false).add(":path", "/admin"), true);

            // The head went on, but the body never ends: a proxied exchange is abandoned, its backend connection closed.
            assertThat(h2.seen.requests).first().isInstanceOf(HttpRequest.class);
            assertThat(h2.seen.requests).noneMatch(LastHttpContent.class::isInstance);
            assertThat(h2.seen.resets).containsExactly(PROTOCOL_ERROR);
        }
    }

    @Test
    void aWellFormedRequestPasses() {
        try (RawHttp2Connection h2 = new RawHttp2Connection()) {
            h2.headers(3, get(), true);

            assertThat(h2.seen.requests).hasSize(1);
            assertThat(h2.seen.resets).isEmpty();
        }
    }

    /**
     * What Netty 4.2 lets through to the request handlers, which therefore must refuse it
     * themselves (RequestGate's checks): a lowercase method, a target that is not origin-form,
     * a CONNECT without :protocol, an unusual :scheme, a name with an underscore.
     */
    @Test
    void whatNettyLeavesToTheRequestChecks() {
        for (UnaryOperator<Http2Headers> change : java.util.List.<UnaryOperator<Http2Headers>>of(
                h -> h.method("get"), h -> h.path("x"), h -> h.path("*"), h -> h.scheme("ftp"),
                h -> h.add("x_remote_user", "alice"),
                h -> new DefaultHttp2Headers(false).method("CONNECT").authority("localhost:443"))) {
            try (RawHttp2Connection h2 = new RawHttp2Connection()) {
                h2.headers(3, change.apply(get()), true);

                assertThat(h2.seen.requests).hasSize(1);
                assertThat(h2.seen.resets).isEmpty();
            }
        }
    }

    private static Http2Headers get() {
        return new DefaultHttp2Headers(false).method("GET").scheme("https").authority("localhost").path("/x");
    }
}
