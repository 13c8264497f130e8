package io.certgate.server;

import io.certgate.config.ProxyProtocolConfig;
import io.certgate.http.ClientCertificateVerdictHandler;
import io.certgate.http.Connection;
import io.certgate.http.proxy.BackendPools;
import io.certgate.log.GatewayMetrics;
import io.certgate.proxyprotocol.ProxyProtocolReader;
import io.certgate.tls.SiteSniHandler;
import io.certgate.http.IdleTimeout;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pipeline of an HTTPS connection, in order:
 *
 * <ol>
 *   <li>with {@code proxyProtocol}, {@link ProxyProtocolReader}: refuses untrusted sources, reads the
 *       PROXY header within the handshake timeout, and leaves;</li>
 *   <li>idle timeout (closes connections silent for {@code http.keepAliveTimeout}, 75 s by default);</li>
 *   <li>SNI: picks the site, then becomes the site's TLS handler;</li>
 *   <li>{@link HandshakeMeter}: counts the handshake (full, resumed, failed) and leaves;</li>
 *   <li>{@link ClientCertificateVerdictHandler}: judges the presented chain after the handshake
 *       and holds bytes until the verdict is in;</li>
 *   <li>{@link ConnectionLogger} (with {@code connectionLog}): the connection's line, once the verdict is in, and leaves;</li>
 *   <li>{@link AlpnPipeline}: after the handshake, adds HTTP/2 or HTTP/1.1 and the request handlers;</li>
 *   <li>{@link ConnectionErrors}: last, logs and closes on errors nobody handled.</li>
 * </ol>
 */
final class HttpsInitializer extends ChannelInitializer<SocketChannel> {

    /** How long a client may take for its ClientHello, and then for the rest of the handshake. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final Supplier<GatewayRuntime> runtime;
    private final BackendPools backends;
    private final GatewayMetrics metrics;
    private final ConnectionErrors errors;
    private final Clock clock;
    private final Optional<ProxyProtocolConfig> proxyProtocol;

    /**
     * @param runtime hands out the current runtime, retained for one connection
     * @param proxyProtocol the listener's, when its connections start with a PROXY header
     */
    HttpsInitializer(Supplier<GatewayRuntime> runtime, BackendPools backends, GatewayMetrics metrics, Clock clock,
                     Optional<ProxyProtocolConfig> proxyProtocol) {
        this.runtime = runtime;
        this.backends = backends;
        this.metrics = metrics;
        this.errors = new ConnectionErrors();
        this.clock = clock;
        this.proxyProtocol = proxyProtocol;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        GatewayRuntime current = runtime.get();
        channel.closeFuture().addListener(closed -> current.release());
        Connection.attach(channel, current.byHost, true);
        proxyProtocol.ifPresent(settings -> channel.pipeline().addLast("proxy-protocol",
                new ProxyProtocolReader(settings, HANDSHAKE_TIMEOUT_MILLIS, refusal -> metrics.proxyProtocolRefused(refusal.label()))));
        channel.pipeline()
                .addLast("idle", new IdleTimeout(current.config.http().keepAliveTimeout()))
                .addLast("sni", new SiteSniHandler<>(current.byServerName, ServedSite::tls,
                        (ch, serverName, site) -> Connection.of(ch).selectSite(serverName, site.site()),
                        HANDSHAKE_TIMEOUT_MILLIS))
                .addLast("handshake-meter", new HandshakeMeter(metrics))
                .addLast("verdict", new ClientCertificateVerdictHandler());
        if (current.connectionLog.writesRecords()) {
            channel.pipeline().addLast("connection-log", new ConnectionLogger(current.connectionLog, clock));
        }
        channel.pipeline()
                .addLast("alpn", new AlpnPipeline(current, backends, clock, metrics, errors))
                .addLast(ConnectionErrors.NAME, errors);
    }
}
