package io.certgate.server;

import io.certgate.config.ConfigException;
import io.certgate.config.GatewayConfig;
import io.certgate.http.Connection;
import io.certgate.http.IdentityHeaders;
import io.certgate.http.Site;
import io.certgate.http.proxy.BackendPools;
import io.certgate.log.GatewayMetrics;
import io.certgate.validation.Verdict;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A gateway built from a real configuration (by {@link RuntimeBuilder}, as {@code run} builds it)
 * whose HTTP/1.1 connections are {@link EmbeddedChannel}s carrying exactly the handlers
 * {@link AlpnPipeline} adds after a handshake that chose {@code http/1.1}, in its order, before
 * {@link ConnectionErrors}. Backend connections are whatever the {@link BackendPools.Dialer} makes
 * of them, so that tests can hold both ends of a proxied exchange in memory.
 */
public final class EmbeddedGateway implements AutoCloseable {

    private final GatewayRuntime runtime;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final ConnectionErrors errors = new ConnectionErrors();
    private final Clock clock;

    private EmbeddedGateway(GatewayRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
    }

    /** Builds the sites of {@code config}, judging certificates at {@code clock}'s time, on the calling thread. */
    public static EmbeddedGateway build(GatewayConfig config, Clock clock) throws ConfigException {
        GatewayRuntime runtime = new RuntimeBuilder(SslProvider.JDK, Runnable::run, clock, "test", new GatewayMetrics())
                .build(config);
        return new EmbeddedGateway(runtime, clock);
    }

    /** The site that serves {@code host}, as SNI would choose it. */
    public Site site(String host) {
        return runtime.byHost.lookup(host);
    }

    /** The identity headers as the gateway sets and strips them. */
    public IdentityHeaders identityHeaders() {
        return runtime.identityHeaders;
    }

    /**
     * A new HTTP/1.1 connection whose handshake sent SNI {@code serverName} and presented {@code chain}
     * (empty: no certificate), judged by the site now. Backend connections come from {@code dialer},
     * through a pool of this connection's own. Buffers come from {@code allocator}.
     */
    public EmbeddedChannel http1(String serverName, List<X509Certificate> chain, BackendPools.Dialer dialer,
                                 ByteBufAllocator allocator) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        Connection connection = Connection.attach(channel, runtime.byHost, true);
        Site site = runtime.byHost.lookup(serverName);
        connection.selectSite(serverName, site);
        connection.presented(chain);
        connection.verdict(chain.isEmpty() ? CompletableFuture.completedFuture(Verdict.missing())
                : site.judge().judge(chain));
        channel.pipeline().addLast(ConnectionErrors.NAME, errors);
        AlpnPipeline alpn = new AlpnPipeline(runtime, new BackendPools(dialer, metrics), clock, metrics, errors);
        channel.pipeline().addBefore(ConnectionErrors.NAME, "alpn", alpn);
        ChannelHandlerContext ctx = channel.pipeline().context(alpn);
        alpn.configurePipeline(ctx, ApplicationProtocolNames.HTTP_1_1);
        channel.pipeline().remove(alpn); // as after a real handshake: its work is done
        return channel;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
