package io.certgate.server;

import io.certgate.http.AccessLogHandler;
import io.certgate.http.Connection;
import io.certgate.http.PlainHttpHandler;
import io.certgate.http.IdleTimeout;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.time.Clock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The pipeline of a plain-HTTP listener: it only ever answers 403.4 or redirects to https. */
final class PlainHttpInitializer extends ChannelInitializer<SocketChannel> {

    private final Supplier<GatewayRuntime> runtime;
    private final Clock clock;
    private final boolean redirect;
    private final IntSupplier httpsPort;

    /** @param runtime hands out the current runtime, retained for one connection */
    PlainHttpInitializer(Supplier<GatewayRuntime> runtime, Clock clock, boolean redirect, IntSupplier httpsPort) {
        this.runtime = runtime;
        this.clock = clock;
        this.redirect = redirect;
        this.httpsPort = httpsPort;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        GatewayRuntime current = runtime.get();
        channel.closeFuture().addListener(closed -> current.release());
        Connection.attach(channel, current.byHost, false);
        channel.pipeline()
                .addLast(new IdleTimeout(HttpsInitializer.IDLE_TIMEOUT))
                .addLast(new HttpServerCodec(AlpnPipeline.MAX_INITIAL_LINE, AlpnPipeline.MAX_HEADER_SIZE, AlpnPipeline.MAX_CHUNK_SIZE))
                .addLast(new HttpServerKeepAliveHandler())
                .addLast(new AccessLogHandler(current.accessLog, clock))
                .addLast(new PlainHttpHandler(redirect, httpsPort))
                .addLast(ConnectionErrors.NAME, ConnectionErrors.INSTANCE);
    }
}
