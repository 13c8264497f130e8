package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.log.GatewayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
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
    void theGatewaysHttp2CodecSendsTheRequestIdNeverIndexed() throws Http2Exception {
        EmbeddedChannel connection = new EmbeddedChannel(AlpnPipeline.http2Codec(new GatewayMetrics(Clock.systemUTC())),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof Http2HeadersFrame request) {
                            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                                    .add("certgate-request-id", "00000000000000000000000000000001"), true)
                                    .stream(request.stream()));
                        }
                    }
                });
        try {
            ByteBuf fromClient = Unpooled.buffer();
            fromClient.writeBytes(Http2CodecUtil.connectionPrefaceBuf());
            writeFrameHead(fromClient, 0, 0x4, 0, 0); // SETTINGS, empty
            byte[] block = encode(new DefaultHttp2HeadersEncoder(), new DefaultHttp2Headers().method("GET").scheme("https")
                    .path("/").authority("gateway.example"));
            writeFrameHead(fromClient, block.length, 0x1, 0x4 | 0x1, 1); // HEADERS, END_HEADERS | END_STREAM
            fromClient.writeBytes(block);
            connection.writeInbound(fromClient);

            byte[] answer = headersBlockOfStream1(connection);

            // ":status 200" is static entry 8 (0x88); the ID follows as "literal never indexed,
            // new name" (0x10, RFC 7541 §6.2.3), where Netty's default would index it (0x40).
            assertThat(answer[0] & 0xFF).isEqualTo(0x88);
            assertThat(answer[1] & 0xFF).isEqualTo(0x10);
        } finally {
            connection.finishAndReleaseAll();
        }
    }

    private static void writeFrameHead(ByteBuf out, int length, int type, int flags, int stream) {
        out.writeMedium(length).writeByte(type).writeByte(flags).writeInt(stream);
    }

    /** The header block of the first HEADERS frame the server sent on stream 1 (RFC 9113 §4.1 framing). */
    private static byte[] headersBlockOfStream1(EmbeddedChannel connection) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (ByteBuf written = connection.readOutbound(); written != null; written = connection.readOutbound()) {
            byte[] bytes = new byte[written.readableBytes()];
            written.readBytes(bytes);
            written.release();
            sent.writeBytes(bytes);
        }
        ByteBuf frames = Unpooled.wrappedBuffer(sent.toByteArray());
        while (frames.readableBytes() >= 9) {
            int length = frames.readUnsignedMedium();
            int type = frames.readUnsignedByte();
            frames.readUnsignedByte();
            int stream = frames.readInt() & 0x7FFFFFFF;
            byte[] payload = new byte[length];
            frames.readBytes(payload);
            if (type == 0x1 && stream == 1) {
                return payload;
            }
        }
        throw new AssertionError("the server sent no HEADERS frame on stream 1");
    }

    @Test
    void namesAreMatchedWithoutRegardToCase() {
        assertThat(AlpnPipeline.UNIQUE_PER_RESPONSE.isSensitive("Certgate-Request-Id", "x")).isTrue();
        assertThat(AlpnPipeline.UNIQUE_PER_RESPONSE.isSensitive("certgate-request-id", "x")).isTrue();
        assertThat(AlpnPipeline.UNIQUE_PER_RESPONSE.isSensitive("etag", "\"1-64\"")).isFalse();
    }
}
