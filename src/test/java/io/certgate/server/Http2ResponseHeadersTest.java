package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.http.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import org.junit.jupiter.api.Test;

/**
 * HPACK (RFC 7541) of certgate's answers: the request ID, new on every answer, must not take a
 * place in the dynamic table, where it would push out the headers later answers repeat.
 */
class Http2ResponseHeadersTest {

    private static Http2Headers answer(String requestId) {
        return new DefaultHttp2Headers().status("200").add("content-type", "text/plain; charset=utf-8")
                .add("certgate-request-id", requestId);
    }

    private static byte[] encode(Http2HeadersEncoder encoder, Http2Headers headers) throws Http2Exception {
        ByteBuf block = Unpooled.buffer();
        try {
            encoder.encodeHeaders(1, headers, block);
            byte[] bytes = new byte[block.readableBytes()];
            block.readBytes(bytes);
            return bytes;
        } finally {
            block.release();
        }
    }

    @Test
    void theRequestIdIsANeverIndexedLiteralAndRepeatedHeadersStayIndexed() throws Http2Exception {
        DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder(AlpnPipeline.UNIQUE_PER_RESPONSE);
        DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(true);
        decoder.decodeHeaders(1, Unpooled.wrappedBuffer(encode(encoder, answer("00000000000000000000000000000001"))));

        byte[] second = encode(encoder, answer("00000000000000000000000000000002"));

        // ":status 200" is static entry 8 (0x88); content-type, indexed by the first answer, is
        // the newest dynamic entry, 62 (0xBE); the ID follows as "literal never indexed, new
        // name" (0x10, RFC 7541 §6.2.3), where "with incremental indexing" would be 0x40.
        assertThat(second[0] & 0xFF).isEqualTo(0x88);
        assertThat(second[1] & 0xFF).isEqualTo(0xBE);
        assertThat(second[2] & 0xFF).isEqualTo(0x10);
        Http2Headers decoded = decoder.decodeHeaders(1, Unpooled.wrappedBuffer(second));
        assertThat(decoded.get("certgate-request-id").toString()).isEqualTo("00000000000000000000000000000002");
        assertThat(decoded.get("content-type").toString()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void theGatewaysHttp2CodecSendsTheRequestIdNeverIndexed() {
        try (RawHttp2Connection connection = new RawHttp2Connection(() -> {
            DefaultFullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            answer.headers().set(RequestIds.RESPONSE_HEADER, "00000000000000000000000000000001");
            return answer;
        })) {
            connection.headers(3, new DefaultHttp2Headers().method("GET").scheme("https").path("/")
                    .authority("gateway.example"), true);

            byte[] answer = connection.seen.headerBlocks.get(0);

            // ":status 200" is static entry 8 (0x88); the ID follows as "literal never indexed,
            // new name" (0x10, RFC 7541 §6.2.3), where Netty's default would index it (0x40).
            assertThat(answer[0] & 0xFF).isEqualTo(0x88);
            assertThat(answer[1] & 0xFF).isEqualTo(0x10);
        }
    }

    @Test
    void namesAreMatchedWithoutRegardToCase() {
        assertThat(AlpnPipeline.UNIQUE_PER_RESPONSE.isSensitive("Certgate-Request-Id", "x")).isTrue();
        assertThat(AlpnPipeline.UNIQUE_PER_RESPONSE.isSensitive("certgate-request-id", "x")).isTrue();
        assertThat(AlpnPipeline.UNIQUE_PER_RESPONSE.isSensitive("etag", "\"1-64\"")).isFalse();
    }
}
