package io.certgate.server;

import io.certgate.admin.AdminServer;
import io.certgate.config.AdminConfig;
import io.certgate.config.ConfigException;
import io.certgate.config.GatewayConfig;
import io.certgate.config.ListenerConfig;
import io.certgate.config.ListenerProtocol;
import io.certgate.http.proxy.BackendPools;
import io.certgate.log.AccessLog;
import io.certgate.log.ConnectionLog;
import io.certgate.log.GatewayMetrics;
import io.certgate.revocation.CrlSnapshot;
import io.certgate.tls.TlsProviders;
import io.certgate.validation.VerdictCache;
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
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running certgate: event loops, listeners, the admin listener and the current runtime. {@link
 * #start} binds every listener or fails as a whole; {@link #reload} swaps in a runtime built from
 * the configuration as it is now on disk; {@link #close} stops accepting and closes connections.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Pending connections the kernel queues per listener, as nginx's backlog on Linux. */
    static final int ACCEPT_BACKLOG = 4096;
    /** The longest each step of {@link #close} waits. */
    static final long CLOSE_WAIT_SECONDS = 5;
    /**
     * After the last connection of a replaced runtime closes, its handlers may still write that
     * connection's last access-log lines (inactive events run after close listeners); its own
     * resources are closed this much later.
     */
    static final long RETIRED_CLOSE_DELAY_SECONDS = 5;

    private final EventLoopGroup loops;
    private final EventLoopGroup adminLoop;
    private final BackendPools backends;
    private final ExecutorService validation;
    private final GatewayMetrics metrics;
    private final AtomicReference<GatewayRuntime> runtime;
    private final Set<GatewayRuntime> retired = ConcurrentHashMap.newKeySet();
    /** Runs reloads, the file watch and the closing of retired runtimes, one at a time. */
    private final ScheduledExecutorService reloadThread =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("certgate-reload"));
    private final Reloader reloader;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<InetSocketAddress> httpsAddresses = new ArrayList<>();
    private final List<InetSocketAddress> httpAddresses = new ArrayList<>();
    private AdminServer admin;
    private volatile boolean stopping;
    private final GracefulStop graceful = new GracefulStop();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Gateway(EventLoopGroup loops, EventLoopGroup adminLoop, BackendPools backends, ExecutorService validation,
                    GatewayMetrics metrics, RuntimeBuilder builder, GatewayRuntime runtime) {
        this.loops = loops;
        this.adminLoop = adminLoop;
        this.backends = backends;
        this.validation = validation;
        this.metrics = metrics;
        this.runtime = new AtomicReference<>(runtime);
        metrics.verdictCaches(cacheViews(runtime));
        metrics.crls(() -> crlViews(this.runtime.get()));
        this.reloader = new Reloader(runtime.config.file(), builder, this.runtime::get, this::install, metrics,
                reloadThread);
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
        GatewayMetrics metrics = new GatewayMetrics(clock);
        RuntimeBuilder builder = new RuntimeBuilder(provider, validation, clock, version, metrics);
        GatewayRuntime runtime;
        try {
            runtime = builder.build(config);
        } catch (ConfigException e) {
            validation.shutdownNow();
            throw e;
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // One event loop per CPU, as nginx runs one worker per CPU: Netty's default of two per CPU makes
        // busy loops share a core in scheduler time slices, which shows as milliseconds of tail latency.
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                daemonThreads("certgate-loop"), io);
        // One thread of its own, so that a scrape or a probe never waits behind site traffic.
        EventLoopGroup adminLoop = new MultiThreadIoEventLoopGroup(1, daemonThreads("certgate-admin"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        BackendPools backends = new BackendPools(epoll ? EpollSocketChannel.class : NioSocketChannel.class, metrics);
        backends.install(runtime.upstreams);
        Gateway gateway = new Gateway(loops, adminLoop, backends, validation, metrics, builder, runtime);
        try {
            Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
            gateway.bind(config, clock, serverChannel);
            gateway.bindAdmin(config, serverChannel);
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
                    .handler(graceful.tracker())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(listener.protocol() == ListenerProtocol.HTTPS
                            ? new HttpsInitializer(this::retainRuntime, backends, metrics, clock, listener.proxyProtocol())
                            : new PlainHttpInitializer(this::retainRuntime, clock, listener.redirectToHttps(), this::httpsPort, metrics,
                                    listener.proxyProtocol()));
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
            LOG.info("listening on {}://{}:{}{}", listener.protocol() == ListenerProtocol.HTTPS ? "https" : "http",
                    bound.getAddress().getHostAddress(), bound.getPort(),
                    listener.proxyProtocol().map(p -> " (PROXY protocol from " + p.trustedFrom() + ")").orElse(""));
        }
    }

    private void bindAdmin(GatewayConfig config, Class<? extends ServerChannel> channelType) throws IOException {
        if (config.admin().isEmpty()) {
            return;
        }
        AdminConfig settings = config.admin().get();
        InetSocketAddress address = settings.host().isEmpty()
                ? new InetSocketAddress(settings.port()) : new InetSocketAddress(settings.host(), settings.port());
        try {
            admin = AdminServer.bind(adminLoop, channelType, address, metrics, this::notReadyBecause);
        } catch (IOException e) {
            throw new IOException(settings.origin() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = admin.address();
        if (!bound.getAddress().isLoopbackAddress()) {
            LOG.warn("{}: the admin listener is reachable from other machines; /metrics has no authentication",
                    settings.origin());
        }
        LOG.info("listening on http://{}:{} (admin)", bound.getAddress().getHostAddress(), bound.getPort());
    }

    /** The current runtime, retained for one new connection (released when the connection closes). */
    private GatewayRuntime retainRuntime() {
        while (true) {
            GatewayRuntime current = runtime.get();
            if (current.tryRetain()) {
                return current;
            }
            // Retired and unused between the read and the retain: the next read sees its successor.
        }
    }

    /** Makes {@code next} the runtime of new connections; the old one closes once its last connection has. */
    private void install(GatewayRuntime next) {
        backends.install(next.upstreams); // new backend connections use the new trust and client certificate
        GatewayRuntime old = runtime.getAndSet(next);
        metrics.verdictCaches(cacheViews(next));
        retired.add(old);
        old.retire(() -> onReloadThread(() -> {
            retired.remove(old);
            old.close(!stillWritten(old.accessLog), !stillWritten(old.connectionLog));
        }, RETIRED_CLOSE_DELAY_SECONDS));
    }

    /**
     * True when a runtime still in use writes to {@code log}: a reload that keeps the access log
     * settings hands the log on, and an older runtime (an open connection's) may still share it
     * after later reloads moved on. Decided when closing, on the reload thread.
     */
    private boolean stillWritten(AccessLog log) {
        return runtime.get().accessLog == log || retired.stream().anyMatch(r -> r.accessLog == log);
    }

    /** As {@link #stillWritten(AccessLog)}, for the connection log. */
    private boolean stillWritten(ConnectionLog log) {
        return runtime.get().connectionLog == log || retired.stream().anyMatch(r -> r.connectionLog == log);
    }

    /** Runs a task on the reload thread after a delay; once the gateway is closing, {@link #close} does the work instead. */
    private void onReloadThread(Runnable task, long delaySeconds) {
        try {
            reloadThread.schedule(task, delaySeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            LOG.debug("not scheduled, the gateway is closing");
        }
    }

    /** Each site's CRLs as the metrics read them, from the runtime serving now. */
    private static Map<String, List<GatewayMetrics.CrlView>> crlViews(GatewayRuntime runtime) {
        Map<String, List<GatewayMetrics.CrlView>> views = new LinkedHashMap<>();
        for (ServedSite site : runtime.sites) {
            List<GatewayMetrics.CrlView> crls = new ArrayList<>();
            for (CrlSnapshot crl : site.revocation().crls()) {
                crls.add(new GatewayMetrics.CrlView(crl.source(), crl.thisUpdate(), crl.nextUpdate(), crl.nextRefresh(),
                        crl.entries(), crl.failures()));
            }
            views.put(site.site().name(), crls);
        }
        return views;
    }

    private static Map<String, GatewayMetrics.CacheView> cacheViews(GatewayRuntime runtime) {
        Map<String, GatewayMetrics.CacheView> views = new LinkedHashMap<>();
        for (ServedSite site : runtime.sites) {
            VerdictCache cache = site.cache();
            views.put(site.site().name(), new GatewayMetrics.CacheView() {
                @Override
                public long hits() {
                    return cache.hits();
                }

                @Override
                public long misses() {
                    return cache.misses();
                }

                @Override
                public long size() {
                    return cache.size();
                }
            });
        }
        return views;
    }

    /** What {@code /readyz} says: empty when serving from a loaded runtime. */
    Optional<String> notReadyBecause() {
        return stopping ? Optional.of("stopping") : runtime.get().notReadyBecause();
    }

    /**
     * Reloads the configuration file and every file it names, now. On success new connections use
     * the new runtime (open ones keep theirs); on failure nothing changes. Either way one log line
     * (and one per mistake) says what happened. Reloads never run concurrently.
     *
     * @param trigger what asked for it, for the log ("SIGHUP", "file change")
     */
    public ReloadResult reload(String trigger) {
        try {
            return reloadThread.submit(() -> reloader.reload(trigger)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reload failed unexpectedly", e.getCause());
        }
    }

    /** Reloads whenever the configuration file or a file it names changes on disk (polled). */
    public void watchForChanges() {
        reloader.watch();
        LOG.info("watching {} and the files it names for changes", runtime.get().config.file().getFileName());
    }

    /**
     * SIGHUP reloads (as {@link #reload}), SIGUSR1 reopens the access log (after log rotation moved
     * it), SIGTERM stops gracefully ({@link #stopGracefully}; a second one stops waiting). A JVM
     * that cannot take a signal logs a warning and goes on without it.
     */
    public void handleSignals() {
        Signals.handle("HUP", () -> onReloadThread(() -> reloader.reload("SIGHUP"), 0));
        Signals.handle("USR1", this::reopenAccessLogs);
        // Taken from the JVM, whose own SIGTERM handling runs the shutdown hooks at once and exits 143.
        Signals.handle("TERM", graceful.onSignal(this::stopGracefully));
    }

    /**
     * The graceful stop of SIGTERM, on the calling thread: {@code /readyz} 503, then after
     * {@code shutdown.drainDelay} no new connections, then up to {@code shutdown.timeout} for the
     * open ones to finish their answers (see {@link GracefulStop}), then {@link #close}.
     */
    public void stopGracefully() {
        stopping = true;
        try {
            graceful.run(runtime.get().config.shutdown(), this::closeListeners);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            graceful.done();
        }
    }

    /** Blocks until a graceful stop has closed the gateway. */
    public void awaitStopped() throws InterruptedException {
        graceful.awaitDone();
    }

    private void closeListeners() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Reopens the access and connection log files, as after log rotation moved them away (SIGUSR1). */
    public void reopenAccessLogs() {
        runtime.get().accessLog.reopen();
        runtime.get().connectionLog.reopen();
        retired.forEach(old -> {
            old.accessLog.reopen();
            old.connectionLog.reopen();
        });
        LOG.info("reopening the access log" + (runtime.get().config.connectionLog().isPresent() ? " and the connection log" : ""));
    }

    /** The bound admin address, when the configuration has {@code admin:}. */
    public Optional<InetSocketAddress> adminAddress() {
        return Optional.ofNullable(admin).map(AdminServer::address);
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
        stopping = true;
        if (!closed.compareAndSet(false, true)) {
            return; // a graceful stop closed it, and the shutdown hook asks again on exit
        }
        closeListeners();
        if (admin != null) {
            admin.close();
        }
        reloadThread.shutdownNow();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        adminLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        validation.shutdownNow();
        try {
            // A reload still running would install a runtime nobody closes; let it finish first.
            reloadThread.awaitTermination(2 * CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.get().close();
        retired.forEach(GatewayRuntime::close);
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
