package io.certgate.server;

import io.certgate.config.HttpConfig;
import io.certgate.http.AccessLogHandler;
import io.certgate.http.BodilessRequests;
import io.certgate.http.StrictTransportSecurity;
import io.certgate.http.Connection;
import io.certgate.http.Http1Activity;
import io.certgate.http.h2.Http2PseudoHeaderCheck;
import io.certgate.http.h2.Http2StreamActivity;
import io.certgate.http.IdleTimeout;
import io.certgate.http.PipeliningGuard;
import io.certgate.http.h2.ProxiedStreamLimit;
import io.certgate.http.deadline.Http1Deadlines;
import io.certgate.http.drain.Http1Drain;
import io.certgate.http.drain.Http2Drain;
import io.certgate.http.deadline.StreamBodyDeadlines;
import io.certgate.http.request.DecodedHeaders;
import io.certgate.log.GatewayMetrics;
import io.certgate.proxyprotocol.ConnectionAddresses;
import io.certgate.tls.HandshakeFailure;
import io.certgate.http.proxy.BackendPools;
import io.certgate.http.proxy.ReverseProxyHandler;
import io.certgate.http.LocationVerdictHandler;
import io.certgate.http.RequestGate;
import io.certgate.http.RequestIds;
import io.certgate.http.StaticFileHandler;
import io.certgate.http.UnservedRequestHandler;
import io.certgate.http.VerdictRefreshHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.util.AsciiString;
import java.time.Clock;

/**
 * Adds the HTTP layer chosen by ALPN once the handshake is done. Both HTTP/1.1 connections and
 * HTTP/2 streams get the same request handlers, in the same order: access log,
 * {@link VerdictRefreshHandler}, {@link LocationVerdictHandler}, {@link RequestGate}, static files (which add a chunked-write
 * handler the first time they stream a large file), reverse proxy, and a last handler for anything
 * no location handler took. HTTP/1.1 adds, before them, the request deadlines
 * ({@link Http1Deadlines}), keep-alive handling, {@link PipeliningGuard} and {@link Http1Drain}
 * (graceful stop). HTTP/2 adds {@link Http2StreamActivity} to the connection (only stream frames
 * keep it from being idle) and {@link Http2Drain}, and
 * to each stream {@link Http2PseudoHeaderCheck}, the body deadline ({@link StreamBodyDeadlines})
 * and, before the reverse proxy, {@link ProxiedStreamLimit}.
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
    private final GatewayMetrics metrics;
    private final ConnectionErrors errors;

    AlpnPipeline(GatewayRuntime runtime, BackendPools backends, Clock clock, GatewayMetrics metrics, ConnectionErrors errors) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.runtime = runtime;
        this.backends = backends;
        this.clock = clock;
        this.metrics = metrics;
        this.errors = errors;
    }

    /**
     * The HTTP/1.1 codec of both listeners. It must not limit pipelining itself (Netty's default
     * closes the connection, unanswered, after 128 requests): {@link PipeliningGuard} does, with an answer.
     */
    static HttpServerCodec http1Codec() {
        return new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setHeadersFactory(DecodedHeaders.FACTORY), Integer.MAX_VALUE);
    }

    /** The deadlines of one HTTP/1.1 connection, per the {@code http:} block. */
    static Http1Deadlines http1Deadlines(HttpConfig http, GatewayMetrics metrics) {
        return new Http1Deadlines(http.requestHeaderTimeout(), http.requestBodyTimeout(), metrics);
    }

    /**
     * A failed handshake is the client's business (a scanner, plain HTTP, a client that does not
     * trust us): it is counted in {@code certgate_handshake_failures_total} by reason, so the log
     * says it at debug level only, rather than with a warning and a stack trace each time.
     */
    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        if (HandshakeFailure.of(cause) == HandshakeFailure.CERTIFICATE) {
            // The one failure an administrator is asked about ("my client gets no answer"): one line, no trace.
            LOG.info("TLS handshake with {} failed: the TLS library refused the client's certificates before certgate"
                    + " could judge them: {}", ConnectionAddresses.of(ctx.channel()), firstLine(cause));
        } else {
            LOG.debug("TLS handshake with {} failed: {}", ConnectionAddresses.of(ctx.channel()), cause.toString());
        }
        ctx.close();
    }

    /**
     * A TLS error that reaches here without Netty's DecoderException around it (BoringSSL failing
     * the first write after the handshake, while the HTTP/2 preface is sent) is a failed
     * handshake too: counted and logged as one, not as a warning with a stack trace.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof javax.net.ssl.SSLException) {
            handshakeFailure(ctx, cause);
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private static String firstLine(Throwable cause) {
        Throwable deepest = cause;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String text = String.valueOf(cause.getMessage());
        if (deepest != cause && deepest.getMessage() != null && !text.contains(deepest.getMessage())) {
            text = text + ": " + deepest.getMessage(); // the JDK: "Failed to parse client certificates: <why>"
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        ChannelPipeline pipeline = ctx.pipeline();
        HttpConfig http = runtime.config.http();
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Connection.of(ctx.channel()).protocol("HTTP/2");
            pipeline.addBefore(ConnectionErrors.NAME, "h2", http2Codec(metrics));
            pipeline.addBefore(ConnectionErrors.NAME, "h2-activity", new Http2StreamActivity(pipeline.get(IdleTimeout.class)));
            pipeline.addBefore(ConnectionErrors.NAME, "h2-drain", new Http2Drain());
            StreamBodyDeadlines bodyDeadlines = StreamBodyDeadlines.start(ctx.channel(), http.requestBodyTimeout(), metrics);
            pipeline.addBefore(ConnectionErrors.NAME, "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel stream) {
                    stream.pipeline().addLast(new Http2PseudoHeaderCheck());
                    stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                    stream.pipeline().addLast(bodyDeadlines.watch());
                    addRequestHandlers(stream.pipeline());
                    stream.pipeline().addBefore(stream.pipeline().context(ReverseProxyHandler.class).name(), "proxied-streams",
                            new ProxiedStreamLimit(http.maxProxiedStreamsPerConnection(), metrics));
                    stream.pipeline().addLast(errors);
                }
            }));
            return;
        }
        Http1Deadlines deadlines = http1Deadlines(http, metrics);
        IdleTimeout idle = pipeline.get(IdleTimeout.class);
        if (idle != null) {
            pipeline.addBefore(ConnectionErrors.NAME, "h1-activity", new Http1Activity(idle));
        }
        pipeline.addBefore(ConnectionErrors.NAME, "head-bytes", deadlines.bytes());
        pipeline.addBefore(ConnectionErrors.NAME, "http", http1Codec());
        pipeline.addBefore(ConnectionErrors.NAME, "one-message", new BodilessRequests());
        pipeline.addBefore(ConnectionErrors.NAME, "deadlines", deadlines);
        pipeline.addBefore(ConnectionErrors.NAME, "keep-alive", new HttpServerKeepAliveHandler());
        pipeline.addBefore(ConnectionErrors.NAME, "in-order", new PipeliningGuard(metrics));
        pipeline.addBefore(ConnectionErrors.NAME, "drain", new Http1Drain());
        addRequestHandlers(new InsertBefore(pipeline, ConnectionErrors.NAME));
    }

    /**
     * Response headers whose value is new on every answer, encoded as literals that never enter
     * HPACK's dynamic table (RFC 7541 §6.2.3). Indexing {@code Certgate-Request-Id} would insert a
     * value no later answer repeats, and once the 4 KB table is full, evict an entry that later
     * answers do repeat, on every response: a sixth of the encoder's time and worse compression.
     */
    static final Http2HeadersEncoder.SensitivityDetector UNIQUE_PER_RESPONSE =
            (name, value) -> AsciiString.contentEqualsIgnoreCase(name, RequestIds.RESPONSE_HEADER);

    /**
     * The HTTP/2 connection codec, with header validation (Netty's default), our limits, and
     * {@link Http2Violations} counting the client's protocol violations it answers.
     */
    static io.netty.handler.codec.http2.Http2FrameCodec http2Codec(GatewayMetrics metrics) {
        return Http2FrameCodecBuilder.forServer()
                .frameLogger(new Http2Violations(metrics))
                .headerSensitivityDetector(UNIQUE_PER_RESPONSE)
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_HEADER_SIZE))
                .build();
    }

    private void addRequestHandlers(PipelineAppender pipeline) {
        pipeline.add(new AccessLogHandler(runtime.accessLog, clock));
        pipeline.add(StrictTransportSecurity.INSTANCE);
        pipeline.add(new VerdictRefreshHandler());
        pipeline.add(new LocationVerdictHandler());
        pipeline.add(new RequestGate(runtime.hygiene));
        pipeline.add(new StaticFileHandler(runtime.files));
        pipeline.add(new ReverseProxyHandler(backends, runtime.identityHeaders, runtime.upstreams));
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
