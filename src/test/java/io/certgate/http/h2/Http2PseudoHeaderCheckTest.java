package io.certgate.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2ResetFrame;
import org.junit.jupiter.api.Test;

class Http2PseudoHeaderCheckTest {

    private static Http2Headers get() {
        return new DefaultHttp2Headers(false).method("GET").scheme("https").authority("localhost").path("/x");
    }

    @Test
    void aPlainRequestHasNoProblem() {
        assertThat(Http2PseudoHeaderCheck.problem(get().add("accept", "*/*"), false)).isEmpty();
    }

    @Test
    void protocolNeedsExtendedConnectWhichIsNeverEnabled() {
        assertThat(Http2PseudoHeaderCheck.problem(get().add(":protocol", "websocket"), false))
                .hasValueSatisfying(why -> assertThat(why).contains("RFC 8441"));
    }

    @Test
    void trailersMayCarryNoPseudoHeader() {
        assertThat(Http2PseudoHeaderCheck.problem(new DefaultHttp2Headers(false).add(":path", "/admin"), true))
                .hasValueSatisfying(why -> assertThat(why).contains("trailers"));
        assertThat(Http2PseudoHeaderCheck.problem(new DefaultHttp2Headers(false).add("x-checksum", "1"), true)).isEmpty();
    }

    @Test
    void aRefusedStreamIsResetAndNothingOfItGoesOn() {
        EmbeddedChannel stream = new EmbeddedChannel(new Http2PseudoHeaderCheck());

        stream.writeInbound(new DefaultHttp2HeadersFrame(get().add(":protocol", "websocket"), false));
        stream.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers(false), true));

        assertThat((Object) stream.readInbound()).isNull();
        Http2ResetFrame reset = stream.readOutbound();
        assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
        stream.finishAndReleaseAll();
    }
}
