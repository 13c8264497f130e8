package io.certgate.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load instrument for bench/run: an HTTPS client on Netty and BoringSSL that presents a
 * client certificate (which wrk and h2load cannot), so certgate and nginx are measured with the
 * same client doing the same work.
 *
 * <pre>
 * java ... LoadGenerator --mode handshakes|resumed|keepalive|idle --url https://127.0.0.1:8443/small.txt
 *     --cert client.pem --key client.key [--cacert root.pem] [--connections 32] [--warmup 3] [--seconds 10] [--hold 10000]
 * </pre>
 *
 * Modes: {@code handshakes} opens a connection per request with no session resumption (a full
 * mTLS handshake each time); {@code resumed} resumes the TLS session each time (tickets or IDs);
 * {@code keepalive} sends requests one after another on each kept-alive connection; {@code idle}
 * opens {@code --hold} connections, makes one request on each, then holds them open until killed.
 * It prints one JSON line: rate, latency percentiles in microseconds, errors, resumed share, the
 * generator's own CPU use (in cores), so a run can tell whether the client was the limit, and,
 * given {@code --server-pids "PID ..."}, the CPU seconds those processes used in the same window.
 */
public final class LoadGenerator {

    private final Map<String, String> options;
    private final URI url;
    private final String mode;
    private final SslContext tls;
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final Recorder latencies = new Recorder(3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final AtomicInteger held = new AtomicInteger();
    private volatile boolean running = true;

    private LoadGenerator(Map<String, String> options) throws Exception {
        this.options = options;
        this.url = URI.create(required("url"));
        this.mode = options.getOrDefault("mode", "keepalive");
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .keyManager(new File(required("cert")), new File(required("key")))
                .protocols("TLSv1.3", "TLSv1.2")
                // Names are never checked, so that full-handshake mode can open engines without a
                // peer host (a peer host is what lets the client resume sessions).
                .endpointIdentificationAlgorithm(null)
                .sessionCacheSize(mode.equals("resumed") ? 1024 : 0)
                // The key exchange groups curl and OpenSSL 3.0 offer. BoringSSL would otherwise offer
                // the post-quantum hybrid X25519MLKEM768, which a BoringSSL server picks and nginx on
                // OpenSSL 3.0 cannot: the two servers would not do the same work.
                .option(io.netty.handler.ssl.OpenSslContextOption.GROUPS, new String[] {"x25519", "P-256"})
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1));
        // Without --cacert the server's chain is not verified: two signature checks less per
        // handshake keep the client ahead of the server it measures.
        if (options.containsKey("cacert")) {
            builder.trustManager(new File(options.get("cacert")));
        } else {
            builder.trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE);
        }
        this.tls = builder.build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new LoadGenerator(options).run();
    }

    private String required(String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    private int number(String key, int fallback) {
        return Integer.parseInt(options.getOrDefault(key, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        if (mode.equals("idle")) {
            holdIdleConnections(number("hold", 10_000), number("connections", 64));
            return;
        }
        int connections = number("connections", 32);
        for (int i = 0; i < connections; i++) {
            new Worker().start();
        }
        TimeUnit.SECONDS.sleep(number("warmup", 3));
        latencies.reset();
        long completedBefore = completed.sum();
        long errorsBefore = errors.sum();
        long resumedBefore = resumed.sum();
        long cpuBefore = cpuNanos();
        long serverBefore = serverTicks();
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(number("seconds", 10));
        long elapsed = System.nanoTime() - start;
        long cpu = cpuNanos() - cpuBefore;
        double serverSeconds = (serverTicks() - serverBefore) / (double) CLOCK_TICKS_PER_SECOND;
        Histogram histogram = latencies.getIntervalHistogram();
        long done = completed.sum() - completedBefore;
        running = false;
        System.out.println(String.format(Locale.ROOT,
                "{\"mode\":\"%s\",\"connections\":%d,\"seconds\":%.2f,\"requests\":%d,\"rate\":%.1f,"
                        + "\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"errors\":%d,\"resumed_share\":%.3f,"
                        + "\"client_cpu_cores\":%.2f,\"server_cpu_s\":%.2f}",
                mode, connections, elapsed / 1e9, done, done / (elapsed / 1e9),
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getMaxValue(), errors.sum() - errorsBefore,
                done == 0 ? 0.0 : (double) (resumed.sum() - resumedBefore) / done, (double) cpu / elapsed, serverSeconds));
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        System.exit(0);
    }

    /**
     * BoringSSL's SSL_session_reused, which Netty keeps package-private; a bench tool may reach
     * it. (Session creation times cannot tell: BoringSSL keeps them in whole seconds.)
     */
    private static final java.lang.reflect.Method SESSION_REUSED = sessionReusedMethod();

    private static java.lang.reflect.Method sessionReusedMethod() {
        try {
            java.lang.reflect.Method method = io.netty.handler.ssl.ReferenceCountedOpenSslEngine.class
                    .getDeclaredMethod("isSessionReused");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static boolean wasResumed(javax.net.ssl.SSLEngine engine) {
        try {
            return SESSION_REUSED != null && SESSION_REUSED.getDeclaringClass().isInstance(engine)
                    && (Boolean) SESSION_REUSED.invoke(engine);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in these ticks. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    /** The CPU ticks (user + system) of the --server-pids processes, read from /proc; 0 without them. */
    private long serverTicks() {
        long total = 0;
        for (String pid : options.getOrDefault("server-pids", "").trim().split("\\s+")) {
            if (pid.isEmpty()) {
                continue;
            }
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            } catch (java.io.IOException | RuntimeException gone) {
                // a process that ended counts for nothing
            }
        }
        return total;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Opens connections a batch at a time, one request each, then keeps them; prints progress. */
    private void holdIdleConnections(int count, int concurrency) throws InterruptedException {
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < concurrency; i++) {
            startIdle(started, count);
        }
        while (held.get() + errors.intValue() < count) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        System.out.println("{\"mode\":\"idle\",\"held\":" + held.get() + ",\"errors\":" + errors.sum() + "}");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private void startIdle(AtomicInteger started, int count) {
        if (started.incrementAndGet() > count) {
            return;
        }
        Worker worker = new Worker();
        worker.idleAfterFirst = () -> {
            held.incrementAndGet();
            startIdle(started, count);
        };
        worker.start();
    }

    /**
     * One simulated client: a connection at a time, a request at a time. Sharable because it is
     * added to each of its connections in turn, never to two at once.
     */
    @io.netty.channel.ChannelHandler.Sharable
    private final class Worker extends ChannelInboundHandlerAdapter {
        private long requestStart;
        private Runnable idleAfterFirst;
        private boolean keepAlive;

        void start() {
            keepAlive = mode.equals("keepalive") || mode.equals("idle");
            requestStart = System.nanoTime();
            int port = url.getPort() == -1 ? 443 : url.getPort();
            new Bootstrap().group(loop).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            SslHandler ssl = mode.equals("resumed")
                                    ? tls.newHandler(ch.alloc(), url.getHost(), port)
                                    : tls.newHandler(ch.alloc());
                            ch.pipeline().addLast(ssl, new HttpClientCodec(), Worker.this);
                        }
                    })
                    .connect(url.getHost(), port)
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            failedAndRetry();
                        }
                    });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                if (!completion.isSuccess()) {
                    exceptionCaught(ctx, completion.cause());
                    return;
                }
                if (wasResumed(ctx.pipeline().get(SslHandler.class).engine())) {
                    resumed.increment();
                }
                send(ctx);
            }
        }

        private void send(ChannelHandlerContext ctx) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, url.getRawPath());
            request.headers().set(HttpHeaderNames.HOST, url.getHost())
                    .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(request);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpResponse response && response.status().code() != 200) {
                    errors.increment();
                }
                if (msg instanceof LastHttpContent) {
                    latencies.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - requestStart)));
                    completed.increment();
                    if (idleAfterFirst != null) {
                        Runnable next = idleAfterFirst;
                        idleAfterFirst = null;
                        next.run();
                    } else if (keepAlive && running && !mode.equals("idle")) {
                        requestStart = System.nanoTime();
                        send(ctx);
                    } else {
                        ctx.close();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (running && !mode.equals("idle")) {
                ctx.channel().eventLoop().execute(this::start);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (errors.sum() < 3) {
                System.err.println("error: " + cause);
            }
            errors.increment();
            ctx.close();
        }

        private void failedAndRetry() {
            errors.increment();
            if (running && !mode.equals("idle")) {
                loop.schedule(this::start, 10, TimeUnit.MILLISECONDS);
            }
        }
    }
}
