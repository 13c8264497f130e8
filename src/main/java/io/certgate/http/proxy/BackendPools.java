package io.certgate.http.proxy;

import io.certgate.config.ProxyConfig;
import io.certgate.http.IdleTimeout;
import io.certgate.log.GatewayMetrics;
import io.certgate.proxyprotocol.ConnectionAddresses;
import io.certgate.proxyprotocol.ProxyHeaderWriter;
import io.certgate.upstream.Upstream;
import io.certgate.upstream.UpstreamHandshakeException;
import io.certgate.upstream.UpstreamTls;
import io.certgate.upstream.UpstreamTlsFailure;
import io.certgate.upstream.Upstreams;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keep-alive connections to backends, one pool per event loop and backend, so that a proxied
 * request and its backend connection share a thread and need no locks (as nginx's upstream
 * keepalive is per worker). Idle connections close after {@link #IDLE_SECONDS}.
 *
 * <p>A backend with {@code sendProxyProtocol} gets the client's address in a PROXY header at the
 * start of each new connection, so such a connection speaks for one client connection only: it is
 * kept idle for that client connection alone (in the client channel's own pool) and closed when the
 * client connection closes. HAProxy reuses such a connection only for an identical header, which
 * carries the client's port too: in effect, the same rule.
 *
 * <p>An https backend's connection is handed out only after its TLS handshake succeeded (the
 * backend's certificate verified); a failed handshake fails the acquisition with an {@link
 * UpstreamHandshakeException}. Pools are keyed by {@link Upstream}, the settings together with
 * the TLS client built from their files: after a reload that changed a backend's trust or client
 * certificate ({@link #install}), new connections use the new client, idle ones made with the
 * old one are closed, and ones in use finish their exchange and close instead of returning.
 */
public final class BackendPools {

    /**
     * Idle connections kept per backend and event loop. Enough for one per concurrent client
     * request at ordinary concurrency: when fewer are kept than requests in flight, every request
     * over the limit pays a new backend connection (nginx's "keepalive 32" has the same trap).
     */
    static final int MAX_IDLE_PER_LOOP = 256;
    /** An idle backend connection is closed after this, before the backend's own keep-alive timeout does. */
    static final int IDLE_SECONDS = 50;

    private static final AttributeKey<Boolean> REUSED = AttributeKey.valueOf("certgate.proxy.reused");
    /** Set once a connection's close is watched, so that reusing it a million times adds one listener, not a million. */
    private static final AttributeKey<Boolean> CLOSE_WATCHED = AttributeKey.valueOf("certgate.proxy.closeWatched");
    /** On a backend connection that began with a PROXY header: the client connection it speaks for. */
    private static final AttributeKey<Channel> SPEAKS_FOR = AttributeKey.valueOf("certgate.proxy.speaksFor");
    /** On a client connection: its own idle backend connections, by backend (for backends with sendProxyProtocol). */
    private static final AttributeKey<Map<Upstream, Deque<Channel>>> OWN_IDLE = AttributeKey.valueOf("certgate.proxy.ownIdle");

    private final Dialer dialer;
    private final GatewayMetrics metrics;
    private final Map<EventLoop, Map<Upstream, Deque<Channel>>> idle = new ConcurrentHashMap<>();
    /** The backends of the configuration serving now: they win over those of older runtimes. */
    private volatile Upstreams current = Upstreams.NONE;
    private final LongAdder connects = new LongAdder();
    private final LongAdder reuses = new LongAdder();

    /**
     * @param channelType the socket channel class matching the event loops (epoll or NIO)
     * @param metrics where backend latency and errors are counted
     */
    public BackendPools(Class<? extends Channel> channelType, GatewayMetrics metrics) {
        this((loop, backend, handler) -> new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, backend.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(handler)
                .connect(backend.host(), backend.port()), metrics);
    }

    /**
     * @param dialer opens a backend connection (a TCP connect; tests drive the proxy through
     *               in-memory channels instead)
     */
    public BackendPools(Dialer dialer, GatewayMetrics metrics) {
        this.dialer = dialer;
        this.metrics = metrics;
    }

    /** Opens a connection to a backend on an event loop, with {@code handler} as its pipeline's initializer. */
    @FunctionalInterface
    public interface Dialer {
        ChannelFuture dial(EventLoop loop, ProxyConfig backend, ChannelHandler handler);
    }

    /**
     * Makes {@code next} the configuration new backend connections follow, and closes idle
     * connections whose TLS client it replaced (a reload's new trust or client certificate is
     * used from the next connection on; connections in use finish first).
     */
    public void install(Upstreams next) {
        current = next;
        idle.forEach((loop, byBackend) -> loop.execute(() -> byBackend.forEach((backend, free) -> {
            if (!keeps(backend)) {
                new java.util.ArrayList<>(free).forEach(Channel::close); // each close removes it from free
                free.clear();
            }
        })));
    }

    /** As {@link #acquire(EventLoop, Upstream, Channel)}, for a backend without {@code sendProxyProtocol}. */
    Future<Channel> acquire(EventLoop loop, Upstream backend) {
        if (backend.config().sendProxyProtocol().isPresent()) {
            throw new IllegalArgumentException("a backend with sendProxyProtocol needs the client connection: "
                    + backend.config().url());
        }
        return acquire(loop, backend, null);
    }

    /**
     * The backend a request to {@code config} goes to: the current configuration's (with the TLS
     * client of the latest reload), or, when a reload since removed or changed it, the one of the
     * configuration the client's connection started under.
     */
    Upstream upstream(ProxyConfig config, Upstreams started) {
        Upstreams now = current;
        if (now != started) {
            java.util.Optional<Upstream> found = now.find(config);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return started.of(config);
    }

    /**
     * True when connections of this backend may be pooled: plain http, or TLS with the current
     * configuration's client (a connection of another TLS client is not kept after its exchange).
     */
    private boolean keeps(Upstream backend) {
        Upstreams now = current;
        return backend.tls().isEmpty() || now == Upstreams.NONE || now.has(backend);
    }

    /** The latency and error meters of a backend. */
    GatewayMetrics.Backend meters(Upstream backend) {
        return metrics.backend(backend.config().url());
    }

    /**
     * A connection to the backend on this event loop: an idle one, or a new one (failing after the
     * connect timeout, and for https after as long again for the handshake).
     *
     * @param client the client's TCP connection (for a backend with {@code sendProxyProtocol}, whose
     *               connections carry that client's address)
     */
    Future<Channel> acquire(EventLoop loop, Upstream backend, Channel client) {
        Promise<Channel> promise = loop.newPromise();
        boolean speaksForClient = backend.config().sendProxyProtocol().isPresent();
        Deque<Channel> free = speaksForClient ? ownIdleOf(client, backend) : idleOf(loop, backend);
        Channel channel;
        while ((channel = free.pollFirst()) != null) {
            if (channel.isActive()) {
                reuses.increment();
                channel.attr(REUSED).set(true);
                return promise.setSuccess(channel);
            }
        }
        connects.increment();
        ProxyConfig config = backend.config();
        UpstreamTls tls = backend.tls().orElse(null);
        ChannelFuture connect = dialer.dial(loop, config, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (speaksForClient) {
                    ch.attr(SPEAKS_FOR).set(client);
                    ch.pipeline().addLast(new ProxyHeaderFirst(client));
                }
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), config.port(), config.connectTimeout()));
                }
                ch.pipeline().addLast(new IdleTimeout(Duration.ofSeconds(IDLE_SECONDS)))
                        .addLast(new HttpClientCodec())
                        .addLast(BackendRelay.NAME, new BackendRelay());
            }
        });
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                promise.setFailure(f.cause());
                return;
            }
            Channel fresh = connect.channel();
            fresh.attr(REUSED).set(false);
            SslHandler handshake = tls == null ? null : fresh.pipeline().get(SslHandler.class);
            if (handshake == null) {
                promise.setSuccess(fresh);
                return;
            }
            handshake.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    promise.setSuccess(fresh);
                } else {
                    fresh.close();
                    promise.setFailure(new UpstreamHandshakeException(UpstreamTlsFailure.of(h.cause())));
                }
            });
        });
        return promise;
    }

    /**
     * Puts the client's PROXY header in front of a new backend connection's first bytes
     * (proxy-protocol.txt §2: before anything else, a TLS ClientHello included). Nearest the
     * socket in the pipeline, it sees every write, the TLS handler's and the request's alike, so
     * whichever comes first is preceded by the header; then it leaves the pipeline.
     */
    private static final class ProxyHeaderFirst extends io.netty.channel.ChannelOutboundHandlerAdapter {
        private final Channel client;

        ProxyHeaderFirst(Channel client) {
            this.client = client;
        }

        @Override
        public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
            ctx.write(ProxyHeaderWriter.v2(ctx.alloc(), ConnectionAddresses.of(client)), ctx.voidPromise());
            ctx.pipeline().remove(this);
            ctx.write(msg, promise);
        }
    }

    /** True when the connection served an earlier request (so the backend may have closed it meanwhile). */
    static boolean wasReused(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(REUSED).get());
    }

    /** Returns a connection after an exchange: kept when it can carry another request, closed otherwise. */
    void release(Channel channel, Upstream backend, boolean reusable) {
        BackendRelay.detach(channel);
        Channel client = channel.attr(SPEAKS_FOR).get();
        if (client != null && !client.isActive()) {
            channel.close(); // its client is gone, and no other client may use it
            return;
        }
        Deque<Channel> free = client != null ? ownIdleOf(client, backend) : idleOf(channel.eventLoop(), backend);
        if (reusable && channel.isActive() && free.size() < MAX_IDLE_PER_LOOP && keeps(backend)) {
            free.addFirst(channel);
            if (channel.attr(CLOSE_WATCHED).setIfAbsent(Boolean.TRUE) == null) {
                // reading while idle notices a backend closing it; the connection then leaves the pool
                channel.closeFuture().addListener(f -> free.remove(channel));
            }
        } else {
            channel.close();
        }
    }

    /**
     * Keyed by the whole backend configuration and TLS client (compared by value, the files' contents
     * for TLS): no key is built per request, and a reload that keeps a backend unchanged keeps its
     * idle connections.
     */
    private Deque<Channel> idleOf(EventLoop loop, Upstream backend) {
        return idle.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(backend, k -> new ArrayDeque<>());
    }

    /**
     * A client connection's own idle connections to a backend with {@code sendProxyProtocol}; they
     * close when the client connection does. Touched on the client's event loop only (backend
     * connections share it).
     */
    private static Deque<Channel> ownIdleOf(Channel client, Upstream backend) {
        Map<Upstream, Deque<Channel>> own = client.attr(OWN_IDLE).get();
        if (own == null) {
            Map<Upstream, Deque<Channel>> created = new HashMap<>();
            client.attr(OWN_IDLE).set(created);
            client.closeFuture().addListener(f -> created.values().forEach(idle -> List.copyOf(idle).forEach(Channel::close)));
            own = created;
        }
        return own.computeIfAbsent(backend, k -> new ArrayDeque<>());
    }

    /** New backend connections made. */
    public long connects() {
        return connects.sum();
    }

    /** Requests that reused an idle connection. */
    public long reuses() {
        return reuses.sum();
    }
}
