package io.certgate.server;

import io.certgate.http.h2.Http2PseudoHeaderCheck;
import io.certgate.log.GatewayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * certgate's HTTP/2 server codec and the stream handlers before routing, in an embedded channel,
 * driven by a client that writes frames as given: header blocks are HPACK-encoded without any
 * validation, so a test can send what no well-behaved client library would.
 */
final class RawHttp2Connection implements AutoCloseable {

    /** What the server did with the frames so far. */
    static final class Seen {
        final List<HttpObject> requests = new ArrayList<>();
        final List<Long> resets = new ArrayList<>();
        final List<Long> goAways = new ArrayList<>();
        /** The HPACK header block of each HEADERS frame the server sent, as sent (RFC 9113 §6.2). */
        final List<byte[]> headerBlocks = new ArrayList<>();
    }

    final GatewayMetrics metrics = new GatewayMetrics();
    final Seen seen = new Seen();
    private final EmbeddedChannel server;
    private final EmbeddedChannel client = new EmbeddedChannel();
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter(
            new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true));
    private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(false);
    private final ConnectionErrors errors = new ConnectionErrors();
    /** What the server wrote and {@link #recordHeaderBlocks} has not yet read as whole frames. */
    private final ByteBuf sentByServer = Unpooled.buffer();

    RawHttp2Connection() {
        this(null);
    }

    /** A connection whose streams answer each complete request with {@code answer}'s response (null: no answer). */
    RawHttp2Connection(java.util.function.Supplier<io.netty.handler.codec.http.HttpResponse> answer) {
        server = new EmbeddedChannel();
        server.pipeline().addLast(AlpnPipeline.http2Codec(metrics), new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2PseudoHeaderCheck(), new Http2StreamFrameToHttpObjectCodec(true),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                seen.requests.add((HttpObject) msg);
                                ReferenceCountUtil.release(msg);
                                if (answer != null && msg instanceof io.netty.handler.codec.http.LastHttpContent) {
                                    ctx.writeAndFlush(answer.get());
                                }
                            }
                        }, errors);
            }
        }), errors);
        toServer(Http2CodecUtil.connectionPrefaceBuf());
        writer.writeSettings(ctx(), new Http2Settings(), ctx().newPromise());
        flush();
    }

    void headers(int streamId, Http2Headers headers, boolean endStream) {
        writer.writeHeaders(ctx(), streamId, headers, 0, endStream, ctx().newPromise());
        flush();
    }

    void data(int streamId, String text, boolean endStream) {
        writer.writeData(ctx(), streamId, Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.UTF_8), 0,
                endStream, ctx().newPromise());
        flush();
    }

    void reset(int streamId) {
        writer.writeRstStream(ctx(), streamId, 0x8, ctx().newPromise());
        flush();
    }

    /** Raw bytes, such as a hand-made frame. */
    void bytes(ByteBuf frames) {
        toServer(frames);
        readServer();
    }

    boolean isOpen() {
        return server.isOpen();
    }

    private ChannelHandlerContext ctx() {
        return client.pipeline().firstContext() == null ? addContext() : client.pipeline().firstContext();
    }

    private ChannelHandlerContext addContext() {
        client.pipeline().addLast(new ChannelInboundHandlerAdapter());
        return client.pipeline().firstContext();
    }

    private void flush() {
        client.flush();
        ByteBuf out;
        while ((out = client.readOutbound()) != null) {
            toServer(out);
        }
        readServer();
    }

    private void toServer(ByteBuf bytes) {
        server.writeInbound(bytes);
        server.runPendingTasks();
    }

    private void readServer() {
        ByteBuf out;
        while ((out = server.readOutbound()) != null) {
            try {
                recordHeaderBlocks(out.duplicate());
                while (out.isReadable()) {
                    reader.readFrame(ctx(), out, new Http2FrameAdapter() {
                        @Override
                        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
                            seen.resets.add(errorCode);
                        }

                        @Override
                        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
                            seen.goAways.add(errorCode);
                        }
                    });
                }
            } catch (Http2Exception e) {
                throw new AssertionError(e);
            } finally {
                out.release();
            }
        }
    }

    /**
     * Frame by frame (a 9-byte head, then the payload), across writes: Netty writes a frame's head
     * and payload as separate buffers. certgate sends HEADERS without padding or priority.
     */
    private void recordHeaderBlocks(ByteBuf written) {
        sentByServer.writeBytes(written);
        while (sentByServer.readableBytes() >= 9
                && sentByServer.readableBytes() >= 9 + sentByServer.getUnsignedMedium(sentByServer.readerIndex())) {
            int length = sentByServer.readUnsignedMedium();
            int type = sentByServer.readUnsignedByte();
            sentByServer.skipBytes(5); // flags, stream identifier
            byte[] payload = new byte[length];
            sentByServer.readBytes(payload);
            if (type == 0x1) {
                seen.headerBlocks.add(payload);
            }
        }
        sentByServer.discardReadBytes();
    }

    @Override
    public void close() {
        sentByServer.release();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }
}
