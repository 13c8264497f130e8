package io.certgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.log.GatewayMetrics;
import io.certgate.testing.PrometheusText;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The admin endpoints, one request at a time through the handler. */
class AdminHandlerTest {

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.empty());

    private FullHttpResponse get(HttpMethod method, String uri) {
        EmbeddedChannel channel = new EmbeddedChannel(new AdminHandler(metrics, notReady::get));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        FullHttpResponse response = channel.readOutbound();
        channel.finishAndReleaseAll();
        return response;
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void healthzSaysOkWhileTheProcessRuns() {
        FullHttpResponse response = get(HttpMethod.GET, "/healthz");
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("ok\n");
    }

    @Test
    void readyzIs200WhenReadyAnd503WithTheReasonWhenNot() {
        assertThat(get(HttpMethod.GET, "/readyz").status().code()).isEqualTo(200);
        notReady.set(Optional.of("stopping"));
        FullHttpResponse response = get(HttpMethod.GET, "/readyz");
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(body(response)).isEqualTo("not ready: stopping\n");
    }

    @Test
    void metricsArePrometheusTextWithItsContentType() {
        metrics.request("localhost", 200, 0);
        FullHttpResponse response = get(HttpMethod.GET, "/metrics?ignored=1");
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
        assertThat(PrometheusText.parse(body(response)).get("certgate_requests_total")
                .value(Map.of("site", "localhost", "status", "200", "substatus", "0"))).isEqualTo(1);
    }

    @Test
    void headAnswersTheLengthWithoutABody() {
        FullHttpResponse response = get(HttpMethod.HEAD, "/healthz");
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(3);
        assertThat(body(response)).isEmpty();
    }

    @Test
    void otherPathsAre404AndOtherMethods405() {
        FullHttpResponse missing = get(HttpMethod.GET, "/metrics/extra");
        assertThat(missing.status().code()).isEqualTo(404);
        assertThat(body(missing)).contains("/healthz");
        FullHttpResponse posted = get(HttpMethod.POST, "/metrics");
        assertThat(posted.status().code()).isEqualTo(405);
        assertThat(posted.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET, HEAD");
        posted.release();
    }
}
