package io.certgate.server;

import io.certgate.config.ConfigException;
import io.certgate.config.GatewayConfig;
import io.certgate.config.ListenerConfig;
import io.certgate.config.ListenerProtocol;
import io.certgate.tls.TlsProviders;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.certgate.http.proxy.BackendPools;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running certgate: event loops, listeners and the current runtime. {@link #start} binds every
 * listener or fails as a whole; {@link #close} stops accepting and closes connections.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Pending connections the kernel queues per listener, as nginx's backlog on Linux. */
    static final int ACCEPT_BACKLOG = 4096;
    /** The longest each step of {@link #close} waits. */
    static final long CLOSE_WAIT_SECONDS = 5;

    private final EventLoopGroup loops;
    private final BackendPools backends;
    private final ExecutorService validation;
    private final AtomicReference<GatewayRuntime> runtime;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<InetSocketAddress> httpsAddresses = new ArrayList<>();
    private final List<InetSocketAddress> httpAddresses = new ArrayList<>();

    private Gateway(EventLoopGroup loops, BackendPools backends, ExecutorService validation, GatewayRuntime runtime) {
        this.loops = loops;
        this.backends = backends;
        this.validation = validation;
        this.runtime = new AtomicReference<>(runtime);
    }

    /**
     * Builds the runtime and binds every listener.
     *
     * @throws ConfigException when a file the configuration names cannot be used
     * @throws IOException when a listener cannot be bound (the message names the address)
     */
    public static Gateway start(GatewayConfig config, Clock clock, String version) throws ConfigException, IOException {
        SslProvider provider = TlsProviders.resolve(config.tlsProvider());
        ExecutorService validation = Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("certgate-validate"));
        GatewayRuntime runtime;
        try {
            runtime = new RuntimeBuilder(provider, validation, clock, version).build(config);
        } catch (ConfigException e) {
            validation.shutdownNow();
            throw e;
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(0, daemonThreads("certgate-loop"), io);
        BackendPools backends = new BackendPools(epoll ? EpollSocketChannel.class : NioSocketChannel.class);
        Gateway gateway = new Gateway(loops, backends, validation, runtime);
        try {
            gateway.bind(config, clock, epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private void bind(GatewayConfig config, Clock clock, Class<? extends ServerChannel> channelType) throws IOException {
        // HTTPS first, so that a plain listener's redirect knows the port it points to.
        List<ListenerConfig> ordered = new ArrayList<>(config.listeners());
        ordered.sort((a, b) -> a.protocol() == b.protocol() ? 0 : a.protocol() == ListenerProtocol.HTTPS ? -1 : 1);
        for (ListenerConfig listener : ordered) {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(loops)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(listener.protocol() == ListenerProtocol.HTTPS
                            ? new HttpsInitializer(runtime::get, backends, clock)
                            : new PlainHttpInitializer(runtime::get, clock, listener.redirectToHttps(), this::httpsPort));
            InetSocketAddress address = listener.host().isEmpty()
                    ? new InetSocketAddress(listener.port()) : new InetSocketAddress(listener.host(), listener.port());
            Channel channel;
            try {
                channel = bootstrap.bind(address).syncUninterruptibly().channel();
            } catch (Exception e) { // Netty rethrows the bind's IOException unchecked, hence Exception
                throw new IOException(listener.origin() + ": cannot listen on " + listener + ": " + e.getMessage(), e);
            }
            listeners.add(channel);
            InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
            (listener.protocol() == ListenerProtocol.HTTPS ? httpsAddresses : httpAddresses).add(bound);
            LOG.info("listening on {}://{}:{}", listener.protocol() == ListenerProtocol.HTTPS ? "https" : "http",
                    bound.getAddress().getHostAddress(), bound.getPort());
        }
    }

    /** The bound HTTPS addresses (with the real port when the configuration said 0). */
    public List<InetSocketAddress> httpsAddresses() {
        return List.copyOf(httpsAddresses);
    }

    /** The bound plain-HTTP addresses. */
    public List<InetSocketAddress> httpAddresses() {
        return List.copyOf(httpAddresses);
    }

    /** The port of the first HTTPS listener. */
    public int httpsPort() {
        return httpsAddresses.isEmpty() ? 443 : httpsAddresses.get(0).getPort();
    }

    /**
     * Stops accepting, closes connections and stops the threads. Every wait is bounded
     * ({@link #CLOSE_WAIT_SECONDS}): a stop signal must stop the process even if a thread is wedged.
     */
    @Override
    public void close() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        validation.shutdownNow();
        runtime.get().close();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
