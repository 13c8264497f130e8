package io.certgate.http.proxy;

import io.certgate.config.ProxyConfig;
import io.certgate.http.IdleTimeout;
import io.certgate.log.GatewayMetrics;
import io.certgate.proxyprotocol.ConnectionAddresses;
import io.certgate.proxyprotocol.ProxyHeaderWriter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
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
    private static final AttributeKey<Map<ProxyConfig, Deque<Channel>>> OWN_IDLE = AttributeKey.valueOf("certgate.proxy.ownIdle");

    private final Dialer dialer;
    private final GatewayMetrics metrics;
    private final Map<EventLoop, Map<ProxyConfig, Deque<Channel>>> idle = new ConcurrentHashMap<>();
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

    /** The latency and error meters of a backend. */
    GatewayMetrics.Backend meters(ProxyConfig backend) {
        return metrics.backend(backend.url());
    }

    /** As {@link #acquire(EventLoop, ProxyConfig, Channel)}, for a backend without {@code sendProxyProtocol}. */
    Future<Channel> acquire(EventLoop loop, ProxyConfig backend) {
        if (backend.sendProxyProtocol().isPresent()) {
            throw new IllegalArgumentException("a backend with sendProxyProtocol needs the client connection: " + backend.url());
        }
        return acquire(loop, backend, null);
    }

    /**
     * A connection to the backend on this event loop: an idle one, or a new one (failing after the
     * connect timeout).
     *
     * @param client the client's TCP connection (for a backend with {@code sendProxyProtocol}, whose
     *               connections carry that client's address)
     */
    Future<Channel> acquire(EventLoop loop, ProxyConfig backend, Channel client) {
        Promise<Channel> promise = loop.newPromise();
        boolean speaksForClient = backend.sendProxyProtocol().isPresent();
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
        ChannelFuture connect = dialer.dial(loop, backend, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new IdleTimeout(Duration.ofSeconds(IDLE_SECONDS)))
                        .addLast(new HttpClientCodec())
                        .addLast(BackendRelay.NAME, new BackendRelay());
            }
        });
        connect.addListener(f -> {
            if (f.isSuccess()) {
                Channel connected = connect.channel();
                connected.attr(REUSED).set(false);
                if (speaksForClient) {
                    connected.attr(SPEAKS_FOR).set(client);
                    // Before any request, and past the HTTP codec: the first bytes the backend reads (proxy-protocol.txt §2).
                    connected.pipeline().firstContext().write(ProxyHeaderWriter.v2(connected.alloc(), ConnectionAddresses.of(client)),
                            connected.voidPromise());
                }
                promise.setSuccess(connected);
            } else {
                promise.setFailure(f.cause());
            }
        });
        return promise;
    }

    /** True when the connection served an earlier request (so the backend may have closed it meanwhile). */
    static boolean wasReused(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(REUSED).get());
    }

    /** Returns a connection after an exchange: kept when it can carry another request, closed otherwise. */
    void release(Channel channel, ProxyConfig backend, boolean reusable) {
        BackendRelay.detach(channel);
        Channel client = channel.attr(SPEAKS_FOR).get();
        if (client != null && !client.isActive()) {
            channel.close(); // its client is gone, and no other client may use it
            return;
        }
        Deque<Channel> free = client != null ? ownIdleOf(client, backend) : idleOf(channel.eventLoop(), backend);
        if (reusable && channel.isActive() && free.size() < MAX_IDLE_PER_LOOP) {
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
     * Keyed by the whole backend configuration (a record, compared by value): no key is built per
     * request, and a reload that keeps a backend unchanged keeps its idle connections.
     */
    private Deque<Channel> idleOf(EventLoop loop, ProxyConfig backend) {
        return idle.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(backend, k -> new ArrayDeque<>());
    }

    /**
     * A client connection's own idle connections to a backend with {@code sendProxyProtocol}; they
     * close when the client connection does. Touched on the client's event loop only (backend
     * connections share it).
     */
    private static Deque<Channel> ownIdleOf(Channel client, ProxyConfig backend) {
        Map<ProxyConfig, Deque<Channel>> own = client.attr(OWN_IDLE).get();
        if (own == null) {
            Map<ProxyConfig, Deque<Channel>> created = new HashMap<>();
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
