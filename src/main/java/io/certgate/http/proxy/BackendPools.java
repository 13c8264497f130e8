package io.certgate.http.proxy;

import io.certgate.config.ProxyConfig;
import io.certgate.http.IdleTimeout;
import io.certgate.log.GatewayMetrics;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keep-alive connections to backends, one pool per event loop and backend, so that a proxied
 * request and its backend connection share a thread and need no locks (as nginx's upstream
 * keepalive is per worker). Idle connections close after {@link #IDLE_SECONDS}.
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

    /** A connection to the backend on this event loop: an idle one, or a new one (failing after the connect timeout). */
    Future<Channel> acquire(EventLoop loop, ProxyConfig backend) {
        Promise<Channel> promise = loop.newPromise();
        Deque<Channel> free = idleOf(loop, backend);
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
                connect.channel().attr(REUSED).set(false);
                promise.setSuccess(connect.channel());
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
        Deque<Channel> free = idleOf(channel.eventLoop(), backend);
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

    /** New backend connections made. */
    public long connects() {
        return connects.sum();
    }

    /** Requests that reused an idle connection. */
    public long reuses() {
        return reuses.sum();
    }
}
