package io.certgate.server;

import io.certgate.config.ProxyProtocolConfig;
import io.certgate.http.AccessLogHandler;
import io.certgate.http.Connection;
import io.certgate.http.PlainHttpHandler;
import io.certgate.http.IdleTimeout;
import io.certgate.http.deadline.Http1Deadlines;
import io.certgate.http.drain.Http1Drain;
import io.certgate.log.GatewayMetrics;
import io.certgate.proxyprotocol.ProxyProtocolReader;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.time.Clock;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The pipeline of a plain-HTTP listener: it only ever answers 403.4 or redirects to https, under
 * the same idle timeout and request deadlines as HTTPS (and, with {@code proxyProtocol}, after the
 * PROXY header, as on HTTPS listeners).
 */
final class PlainHttpInitializer extends ChannelInitializer<SocketChannel> {

    private final Supplier<GatewayRuntime> runtime;
    private final Clock clock;
    private final boolean redirect;
    private final IntSupplier httpsPort;
    private final GatewayMetrics metrics;
    private final ConnectionErrors errors;
    private final Optional<ProxyProtocolConfig> proxyProtocol;

    /**
     * @param runtime hands out the current runtime, retained for one connection
     * @param proxyProtocol the listener's, when its connections start with a PROXY header
     */
    PlainHttpInitializer(Supplier<GatewayRuntime> runtime, Clock clock, boolean redirect, IntSupplier httpsPort,
                         GatewayMetrics metrics, Optional<ProxyProtocolConfig> proxyProtocol) {
        this.runtime = runtime;
        this.clock = clock;
        this.redirect = redirect;
        this.httpsPort = httpsPort;
        this.metrics = metrics;
        this.errors = new ConnectionErrors();
        this.proxyProtocol = proxyProtocol;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        GatewayRuntime current = runtime.get();
        channel.closeFuture().addListener(closed -> current.release());
        Connection.attach(channel, current.byHost, false);
        Http1Deadlines deadlines = AlpnPipeline.http1Deadlines(current.config.http(), metrics);
        proxyProtocol.ifPresent(settings -> channel.pipeline().addLast("proxy-protocol", new ProxyProtocolReader(settings,
                HttpsInitializer.HANDSHAKE_TIMEOUT_MILLIS, refusal -> metrics.proxyProtocolRefused(refusal.label()))));
        channel.pipeline()
                .addLast(new IdleTimeout(current.config.http().keepAliveTimeout()))
                .addLast(deadlines.bytes())
                .addLast(AlpnPipeline.http1Codec())
                .addLast(deadlines)
                .addLast(new HttpServerKeepAliveHandler())
                .addLast(new Http1Drain())
                .addLast(new AccessLogHandler(current.accessLog, clock))
                .addLast(new PlainHttpHandler(redirect, httpsPort))
                .addLast(ConnectionErrors.NAME, errors);
    }
}
