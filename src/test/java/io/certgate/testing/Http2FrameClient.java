package io.certgate.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client over TLS that works at the level of frames (Netty's frame codec): it opens
 * streams, resets them, pings, or writes raw bytes into the TLS connection, and records what the
 * server answers on each stream (its {@code :status}, or the RST_STREAM error code) and on the
 * connection (GOAWAY, close). No client certificate is sent.
 */
public final class Http2FrameClient implements AutoCloseable {

    /** How a stream ended for the client: a status, or a reset with an HTTP/2 error code. */
    public record Answer(int status, long resetCode) {
        public boolean refused() {
            return resetCode == Http2Error.REFUSED_STREAM.code();
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<Integer, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> goAway = new CompletableFuture<>();
    private final CompletableFuture<Void> serverSettings = new CompletableFuture<>();
    private final Frames frames = new Frames();
    private final Channel channel;

    private Http2FrameClient(int port, Path root, Http2Settings settings) throws Exception {
        SslContext ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(root.toFile())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(ssl.newHandler(ch.alloc(), "localhost", port))
                        .addLast("raw", new ChannelInboundHandlerAdapter())
                        .addLast(Http2FrameCodecBuilder.forClient().initialSettings(settings).build(), frames);
            }
        }).connect("127.0.0.1", port).sync().channel();
        serverSettings.get(10, TimeUnit.SECONDS);
    }

    /** Connects to 127.0.0.1:port with SNI localhost, trusting {@code root}, and waits for the server's SETTINGS. */
    public static Http2FrameClient connect(int port, Path root) {
        return connect(port, root, Http2Settings.defaultSettings());
    }

    /** As above, announcing {@code settings} (such as a zero flow-control window: a client that reads nothing). */
    public static Http2FrameClient connect(int port, Path root, Http2Settings settings) {
        try {
            return new Http2FrameClient(port, root, settings);
        } catch (Exception e) {
            throw new AssertionError("cannot open an HTTP/2 connection to port " + port, e);
        }
    }

    /** {@code GET path} on a new stream; the future completes with its status or reset. */
    public CompletableFuture<Answer> get(String path) {
        return onLoop(() -> {
            Http2FrameStream stream = frames.newStream();
            Http2Headers headers = new DefaultHttp2Headers().method("GET").scheme("https").authority("localhost").path(path);
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true).stream(stream)).addListener(f -> {
                answers.put(stream.id(), answer);
                if (!f.isSuccess()) {
                    answer.completeExceptionally(f.cause());
                }
            });
            return answer;
        });
    }

    /** {@code POST path} announcing 100 body bytes, of which it sends {@code body} and then falls silent. */
    public CompletableFuture<Answer> unfinishedPost(String path, String body) {
        return onLoop(() -> {
            Http2FrameStream stream = frames.newStream();
            Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("https").authority("localhost").path(path)
                    .setInt("content-length", 100);
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            channel.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream)).addListener(f -> answers.put(stream.id(), answer));
            channel.writeAndFlush(new DefaultHttp2DataFrame(
                    io.netty.buffer.Unpooled.copiedBuffer(body, java.nio.charset.StandardCharsets.US_ASCII), false).stream(stream));
            return answer;
        });
    }

    /** Opens {@code count} streams and resets each at once (CVE-2023-44487's rapid reset). */
    public void rapidReset(String path, int count) {
        onLoop(() -> {
            for (int i = 0; i < count && channel.isActive(); i++) {
                Http2FrameStream stream = frames.newStream();
                Http2Headers headers = new DefaultHttp2Headers().method("GET").scheme("https").authority("localhost").path(path);
                channel.write(new DefaultHttp2HeadersFrame(headers, true).stream(stream));
                channel.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
            }
            channel.flush();
            return null;
        });
    }

    public void ping(long data) {
        channel.writeAndFlush(new DefaultHttp2PingFrame(data));
    }

    /** Bytes written straight into the TLS connection, past the HTTP/2 codec (a hand-made frame). */
    public void raw(ByteBuf bytes) {
        channel.pipeline().context("raw").writeAndFlush(bytes);
    }

    /** The GOAWAY error code the server sent, or null when none came within {@code timeout}. */
    public Long awaitGoAway(Duration timeout) {
        try {
            return goAway.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** True when the server closed the connection within {@code timeout}. */
    public boolean awaitClosed(Duration timeout) {
        return channel.closeFuture().awaitUninterruptibly(timeout.toMillis());
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        try {
            return channel.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }

    /** Records what comes back; sits after the frame codec, where streams are created. */
    private final class Frames extends Http2ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame) {
                    serverSettings.complete(null);
                } else if (msg instanceof Http2HeadersFrame headers && headers.headers().status() != null) {
                    answer(headers.stream().id(), new Answer(Integer.parseInt(headers.headers().status().toString()), -1));
                } else if (msg instanceof Http2ResetFrame reset) {
                    answer(reset.stream().id(), new Answer(0, reset.errorCode()));
                } else if (msg instanceof Http2GoAwayFrame away) {
                    goAway.complete(away.errorCode());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void answer(int streamId, Answer answer) {
            CompletableFuture<Answer> future = answers.get(streamId);
            if (future != null) {
                future.complete(answer);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            serverSettings.complete(null);
            answers.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the connection closed")));
            super.channelInactive(ctx);
        }
    }
}
