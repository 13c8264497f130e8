package io.certgate.http;

import io.certgate.http.h2.ProxiedStreamLimit;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.config.ProxyConfig;
import io.certgate.log.GatewayMetrics;
import io.certgate.config.ErrorDetail;
import io.certgate.validation.Verdict;
import java.util.concurrent.CompletableFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.DefaultChannelId;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams of one connection (embedded channels with a common parent) at a proxy location, at most 2 at once. */
class ProxiedStreamLimitTest {

    private static final Location PROXIED = new Location("/api", ClientCertMode.ACCEPT, null,
            new ProxyConfig("http://127.0.0.1:9", "127.0.0.1", 9, Duration.ofSeconds(1), Duration.ofSeconds(1), false),
            AccessRuleConfig.NONE);
    private static final Location FILES = new Location("/", ClientCertMode.ACCEPT, Path.of("www"));

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final EmbeddedChannel connection = new EmbeddedChannel();
    private final List<EmbeddedChannel> streams = new ArrayList<>();

    ProxiedStreamLimitTest() {
        Site site = RequestPipeline.site("localhost", List.of("localhost"),
                chain -> CompletableFuture.completedFuture(Verdict.missing()), ErrorDetail.DETAILED, PROXIED, FILES);
        Connection.attach(connection, RequestPipeline.hostTable(List.of(site)), true);
    }

    @AfterEach
    void close() {
        streams.forEach(EmbeddedChannel::finishAndReleaseAll);
        connection.finishAndReleaseAll();
    }

    @Test
    void aStreamOverTheLimitIsRefusedBeforeItReachesTheProxy() {
        EmbeddedChannel first = request(PROXIED);
        EmbeddedChannel second = request(PROXIED);
        EmbeddedChannel third = request(PROXIED);

        assertThat((Object) first.readInbound()).isNotNull();
        assertThat((Object) second.readInbound()).isNotNull();
        assertThat((Object) third.readInbound()).as("nothing reaches the proxy").isNull();
        Http2ResetFrame reset = third.readOutbound();
        assertThat(reset.errorCode()).isEqualTo(Http2Error.REFUSED_STREAM.code());
        assertThat(metrics.scrape()).contains("certgate_bad_requests_total{reason=\"refused-stream\"} 1.0");
    }

    @Test
    void aClosedStreamGivesItsPlaceBack() {
        EmbeddedChannel first = request(PROXIED);
        request(PROXIED);
        first.close();

        EmbeddedChannel third = request(PROXIED);

        assertThat((Object) third.readInbound()).isNotNull();
        assertThat((Object) third.readOutbound()).isNull();
    }

    @Test
    void streamsForStaticFilesAreNotCounted() {
        request(PROXIED);
        request(PROXIED);

        EmbeddedChannel files = request(FILES);

        assertThat((Object) files.readInbound()).isNotNull();
    }

    private EmbeddedChannel request(Location location) {
        EmbeddedChannel stream = new EmbeddedChannel(connection, DefaultChannelId.newInstance(), true, false,
                new ProxiedStreamLimit(2, metrics));
        streams.add(stream);
        Exchange exchange = new Exchange(System.nanoTime(), "GET", location.prefix() + "/x", "", RequestIds.next());
        Exchange.begin(stream, exchange);
        exchange.route(null, null, location);
        stream.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, location.prefix() + "/x"));
        return stream;
    }
}
