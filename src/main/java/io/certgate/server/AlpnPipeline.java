package io.certgate.server;

import io.certgate.http.AccessLogHandler;
import io.certgate.http.Connection;
import io.certgate.http.PipeliningGuard;
import io.certgate.http.proxy.BackendPools;
import io.certgate.http.proxy.ReverseProxyHandler;
import io.certgate.http.RequestGate;
import io.certgate.http.StaticFileHandler;
import io.certgate.http.UnservedRequestHandler;
import io.certgate.http.VerdictRefreshHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.time.Clock;

/**
 * Adds the HTTP layer chosen by ALPN once the handshake is done. Both HTTP/1.1 connections and
 * HTTP/2 streams get the same request handlers, in the same order: access log,
 * {@link VerdictRefreshHandler}, {@link RequestGate}, static files (which add a chunked-write
 * handler the first time they stream a large file), reverse proxy, and a last handler for anything
 * no location handler took. HTTP/1.1 adds, before them, keep-alive handling and {@link PipeliningGuard}.
 */
final class AlpnPipeline extends ApplicationProtocolNegotiationHandler {

    /** Request line and header limits, as nginx's large_client_header_buffers (8 KB line, 16 KB headers). */
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_SIZE = 16384;
    static final int MAX_CHUNK_SIZE = 16384;
    /** Concurrent HTTP/2 streams per connection, nginx's http2_max_concurrent_streams default. */
    static final long MAX_CONCURRENT_STREAMS = 128;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlpnPipeline.class);

    private final GatewayRuntime runtime;
    private final BackendPools backends;
    private final Clock clock;

    AlpnPipeline(GatewayRuntime runtime, BackendPools backends, Clock clock) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.runtime = runtime;
        this.backends = backends;
        this.clock = clock;
    }

    /**
     * A failed handshake is the client's business (a scanner, plain HTTP, a client that does not
     * trust us): it is counted in {@code certgate_handshake_failures_total} by reason, so the log
     * says it at debug level only, rather than with a warning and a stack trace each time.
     */
    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        ChannelPipeline pipeline = ctx.pipeline();
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Connection.of(ctx.channel()).protocol("HTTP/2");
            pipeline.addBefore(ConnectionErrors.NAME, "h2", Http2FrameCodecBuilder.forServer()
                    .initialSettings(Http2Settings.defaultSettings()
                            .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                            .maxHeaderListSize(MAX_HEADER_SIZE))
                    .build());
            pipeline.addBefore(ConnectionErrors.NAME, "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel stream) {
                    stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                    addRequestHandlers(stream.pipeline());
                    stream.pipeline().addLast(ConnectionErrors.INSTANCE);
                }
            }));
            return;
        }
        pipeline.addBefore(ConnectionErrors.NAME, "http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
        pipeline.addBefore(ConnectionErrors.NAME, "keep-alive", new HttpServerKeepAliveHandler());
        pipeline.addBefore(ConnectionErrors.NAME, "in-order", new PipeliningGuard());
        addRequestHandlers(new InsertBefore(pipeline, ConnectionErrors.NAME));
    }

    private void addRequestHandlers(PipelineAppender pipeline) {
        pipeline.add(new AccessLogHandler(runtime.accessLog, clock));
        pipeline.add(new VerdictRefreshHandler());
        pipeline.add(new RequestGate(runtime.hygiene));
        pipeline.add(new StaticFileHandler(runtime.files));
        pipeline.add(new ReverseProxyHandler(backends, runtime.identityHeaders));
        pipeline.add(new UnservedRequestHandler());
    }

    private void addRequestHandlers(ChannelPipeline pipeline) {
        addRequestHandlers(pipeline::addLast);
    }

    /** Appends handlers somewhere in a pipeline. */
    @FunctionalInterface
    private interface PipelineAppender {
        void add(io.netty.channel.ChannelHandler handler);
    }

    private record InsertBefore(ChannelPipeline pipeline, String before) implements PipelineAppender {
        @Override
        public void add(io.netty.channel.ChannelHandler handler) {
            pipeline.addBefore(before, null, handler);
        }
    }
}
