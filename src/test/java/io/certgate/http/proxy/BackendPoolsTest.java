package io.certgate.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ProxyConfig;
import io.certgate.log.GatewayMetrics;
import io.certgate.config.FileRef;
import io.certgate.config.Origin;
import io.certgate.config.UpstreamTlsConfig;
import io.certgate.testing.TestPki;
import io.certgate.upstream.Upstream;
import io.certgate.upstream.UpstreamTls;
import io.certgate.upstream.Upstreams;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendPoolsTest {

    private static final Upstream BACKEND = Upstream.plain(
            new ProxyConfig("http://127.0.0.1:9/", "127.0.0.1", 9, Duration.ofSeconds(1), Duration.ofSeconds(1), false));

    private final BackendPools pools = new BackendPools(NioSocketChannel.class, new GatewayMetrics());

    @Test
    void aConnectionReusedManyTimesIsWatchedForCloseOnce() {
        CountingChannel connection = new CountingChannel();

        for (int i = 0; i < 1000; i++) {
            pools.release(connection, BACKEND, true);
            Future<Channel> reused = pools.acquire(connection.eventLoop(), BACKEND);
            assertThat(reused.getNow()).isSameAs(connection);
        }

        // one listener per reuse would grow without bound on a busy keep-alive connection
        assertThat(connection.closeListeners.get()).isEqualTo(1);
        assertThat(pools.reuses()).isEqualTo(1000);
    }

    @Test
    void anIdleConnectionThatClosesLeavesThePool() {
        CountingChannel first = new CountingChannel();
        CountingChannel second = new CountingChannel();
        pools.release(first, BACKEND, true);
        pools.release(second, BACKEND, true);

        second.close();

        assertThat(pools.acquire(first.eventLoop(), BACKEND).getNow()).isSameAs(first);
    }

    @Test
    void anEqualBackendConfigurationSharesThePool() {
        CountingChannel connection = new CountingChannel();
        pools.release(connection, BACKEND, true);

        Upstream reloaded = Upstream.plain(new ProxyConfig("http://127.0.0.1:9/", "127.0.0.1", 9,
                Duration.ofSeconds(1), Duration.ofSeconds(1), false));

        assertThat(pools.acquire(connection.eventLoop(), reloaded).getNow()).isSameAs(connection);
    }

    @Test
    void aConnectionThatCannotCarryAnotherRequestIsClosedNotKept() {
        CountingChannel connection = new CountingChannel();

        pools.release(connection, BACKEND, false);

        assertThat(connection.isOpen()).isFalse();
    }

    /**
     * An https backend whose TLS client trusts the root of a PKI named {@code name}, written to
     * {@code dir/root.pem}: the same settings each time, another client when the name differs.
     */
    private static Upstream secure(Path dir, String name) throws Exception {
        Path root = TestPki.create(Instant.now(), name).root().writeCertificate(dir.resolve("root.pem"));
        Origin origin = new Origin(dir.resolve("certgate.yaml"), 1, "proxy.tls");
        UpstreamTlsConfig settings = new UpstreamTlsConfig(List.of(new FileRef(root, origin)), "app.internal",
                Optional.empty(), Optional.empty(), origin);
        ProxyConfig config = new ProxyConfig("https://127.0.0.1:9", "127.0.0.1", 9, Duration.ofSeconds(1),
                Duration.ofSeconds(1), false, Optional.of(settings), Optional.empty());
        return Upstream.secure(config, UpstreamTls.load(settings, SslProvider.JDK, Clock.systemUTC()));
    }

    @Test
    void aReloadThatReplacesABackendsTlsClientClosesItsIdleConnectionsAndDoesNotPoolBusyOnes(@TempDir Path dir)
            throws Exception {
        Upstream before = secure(dir, "Before");
        Upstream after = secure(dir, "After");
        pools.install(Upstreams.of(before));
        CountingChannel idle = new CountingChannel();
        CountingChannel busy = new CountingChannel();
        pools.release(idle, before, true);

        pools.install(Upstreams.of(after));
        idle.runPendingTasks();
        busy.runPendingTasks();
        pools.release(busy, before, true); // its exchange finished after the reload

        assertThat(idle.isOpen()).as("idle, made with the replaced client").isFalse();
        assertThat(busy.isOpen()).as("finished its request, then closed instead of pooled").isFalse();
        assertThat(pools.upstream(before.config(), Upstreams.of(before)))
                .as("the same settings now get the new client").isEqualTo(after);
    }

    @Test
    void aTlsClientBuiltAgainFromUnchangedFilesSharesThePool(@TempDir Path dir) throws Exception {
        Upstream loaded = secure(dir, "Same");
        pools.install(Upstreams.of(loaded));
        CountingChannel connection = new CountingChannel();
        pools.release(connection, loaded, true);

        Upstream reloaded = Upstream.secure(loaded.config(), UpstreamTls.load(loaded.config().tls().orElseThrow(),
                SslProvider.JDK, Clock.systemUTC()));
        pools.install(Upstreams.of(reloaded));
        connection.runPendingTasks();

        assertThat(pools.acquire(connection.eventLoop(), reloaded).getNow()).isSameAs(connection);
    }

    /** An in-memory connection that counts who waits for it to close. */
    private static final class CountingChannel extends EmbeddedChannel {
        final AtomicInteger closeListeners = new AtomicInteger();

        @Override
        public ChannelFuture closeFuture() {
            ChannelFuture real = super.closeFuture();
            return new CountingCloseFuture(real, closeListeners);
        }
    }

    /** Delegates everything; counts {@code addListener}. */
    private static final class CountingCloseFuture extends DefaultChannelPromise {
        private final ChannelFuture real;
        private final AtomicInteger count;

        CountingCloseFuture(ChannelFuture real, AtomicInteger count) {
            super(real.channel());
            this.real = real;
            this.count = count;
        }

        @Override
        public ChannelPromise addListener(GenericFutureListener<? extends Future<? super Void>> listener) {
            count.incrementAndGet();
            real.addListener(listener);
            return this;
        }
    }
}
