package io.certgate.http;

import static io.certgate.http.RequestPipeline.request;
import static io.certgate.http.RequestPipeline.site;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ClientCertMode;
import io.certgate.config.ErrorDetail;
import io.certgate.log.AccessRecord;
import io.certgate.validation.Verdict;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A plain-HTTP listener answers 403.4 ssl-required, or redirects to https with a Location it built itself. */
class PlainHttpHandlerTest {

    private static final int HTTPS_PORT = 8443;

    private final Site site = site("app", List.of("app.example.com"),
            chain -> CompletableFuture.completedFuture(Verdict.missing()), ErrorDetail.DETAILED,
            new Location("/", ClientCertMode.REQUIRE, null));

    private RequestPipeline listener(boolean redirect, int httpsPort) {
        return RequestPipeline.plain(List.of(site), new PlainHttpHandler(redirect, () -> httpsPort));
    }

    /** A request whose Host header is set without Netty's validation, as a hostile client could try. */
    private static FullHttpRequest withRawHost(String uri, String host) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
                Unpooled.EMPTY_BUFFER, DefaultHttpHeadersFactory.headersFactory().withValidation(false),
                DefaultHttpHeadersFactory.trailersFactory());
        request.headers().set(HttpHeaderNames.HOST, host);
        return request;
    }

    @Test
    void plainRequestGets403_4SslRequired() {
        try (RequestPipeline connection = listener(false, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/a?b=c", "app.example.com:8080"));

            assertThat(answer.code()).isEqualTo(403);
            assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isEqualTo("403.4 ssl-required");
            assertThat(answer.header(HttpHeaderNames.LOCATION)).isNull();
            assertThat(answer.text()).contains("403.4 ssl-required");
        }
    }

    @Test
    void refusalIsLoggedAs403Substatus4() {
        try (RequestPipeline connection = listener(false, HTTPS_PORT)) {
            connection.send(request(GET, "/a/b?x=1", "app.example.com", "User-Agent", "Mozilla/5.0 (X11)"));

            AccessRecord record = connection.log.single();
            assertThat(record.status()).isEqualTo(403);
            assertThat(record.substatus()).isEqualTo(4);
            assertThat(record.uriStem()).isEqualTo("/a/b");
            assertThat(record.uriQuery()).isEqualTo("x=1");
            assertThat(record.userAgent()).isEqualTo("Mozilla/5.0 (X11)");
            assertThat(record.site()).isEqualTo("app");
        }
    }

    @Test
    void redirectModeSends301ToTheHttpsPortWithPathAndQuery() {
        try (RequestPipeline connection = listener(true, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/a/b?x=1&y=2", "app.example.com:8080"));

            assertThat(answer.code()).isEqualTo(301);
            assertThat(answer.header(HttpHeaderNames.LOCATION)).isEqualTo("https://app.example.com:8443/a/b?x=1&y=2");
            assertThat(answer.body()).isEmpty();
            assertThat(connection.log.single().status()).isEqualTo(301);
        }
    }

    @Test
    void redirectToPort443LeavesThePortOut() {
        try (RequestPipeline connection = listener(true, 443)) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/", "app.example.com"));

            assertThat(answer.header(HttpHeaderNames.LOCATION)).isEqualTo("https://app.example.com/");
        }
    }

    @Test
    void redirectKeepsAnIpv6LiteralHost() {
        try (RequestPipeline connection = listener(true, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/x", "[::1]:8080"));

            assertThat(answer.header(HttpHeaderNames.LOCATION)).isEqualTo("https://[::1]:8443/x");
        }
    }

    @Test
    void redirectUsesTheNormalizedPathReEncoded() {
        try (RequestPipeline connection = listener(true, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(request(GET, "//evil.example/./a%20b/../c", "app.example.com"));

            assertThat(answer.header(HttpHeaderNames.LOCATION)).isEqualTo("https://app.example.com:8443/evil.example/c");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "evil.example/path",
            "evil.example path",
            "evil.example\r\nSet-Cookie: session=stolen",
            "evil.example\nLocation: https://evil.example/",
            "user@evil.example",
            "evil.example\\@app.example.com",
            "evil.example?x",
            "evil.example#x",
            "[::1\r\nX: y]",
            "[evil.example]",
            "",
    })
    void hostileHostNeverReachesALocationHeader(String host) {
        try (RequestPipeline connection = listener(true, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(withRawHost("/a", host));

            assertThat(answer.header(HttpHeaderNames.LOCATION)).isNull();
            assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isEqualTo("403.4 ssl-required");
            answer.headers().forEach(header -> assertThat(header.getValue())
                    .doesNotContain("evil").doesNotContain("\r").doesNotContain("\n"));
        }
    }

    @Test
    void hostLongerThanADnsNameIsNotRedirectedTo() {
        try (RequestPipeline connection = listener(true, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/", "a".repeat(254)));

            assertThat(answer.header(HttpHeaderNames.LOCATION)).isNull();
        }
    }

    @Test
    void requestWithoutHostIsRefusedRatherThanRedirected() {
        try (RequestPipeline connection = listener(true, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/a", null));

            assertThat(answer.code()).isEqualTo(403);
            assertThat(answer.header(HttpHeaderNames.LOCATION)).isNull();
        }
    }

    @Test
    void malformedTargetIsRefusedRatherThanRedirected() {
        try (RequestPipeline connection = listener(true, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/../etc/passwd", "app.example.com"));

            assertThat(answer.code()).isEqualTo(403);
            assertThat(answer.header(HttpHeaderNames.LOCATION)).isNull();
        }
    }

    @Test
    void uploadOverPlainHttpIsAnsweredAndTheConnectionClosed() {
        try (RequestPipeline connection = listener(false, HTTPS_PORT)) {
            RequestPipeline.Answer answer = connection.send(
                    RequestPipeline.headWithBody(POST, "/upload", "app.example.com", 6),
                    RequestPipeline.lastPart("secret"));

            assertThat(answer.code()).isEqualTo(403);
            assertThat(answer.header(HttpHeaderNames.CONNECTION)).isEqualToIgnoringCase("close");
            assertThat(connection.channel.isOpen()).isFalse();
        }
    }
}
