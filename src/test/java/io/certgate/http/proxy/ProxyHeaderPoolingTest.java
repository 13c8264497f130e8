package io.certgate.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ProxyConfig;
import io.certgate.config.ProxyProtocolVersion;
import io.certgate.log.GatewayMetrics;
import io.certgate.upstream.Upstream;
import io.certgate.proxyprotocol.ProxyHeader;
import io.certgate.proxyprotocol.ProxyHeaderParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Backends with {@code sendProxyProtocol: 2}: each new connection starts with the client's PROXY
 * header, and a connection that carries one client's address is never handed to another client.
 */
class ProxyHeaderPoolingTest {

    private static final Upstream SENDS_PROXY_HEADERS = Upstream.plain(new ProxyConfig("http://127.0.0.1:9/", "127.0.0.1", 9,
            Duration.ofSeconds(1), Duration.ofSeconds(1), false, Optional.empty(), Optional.of(ProxyProtocolVersion.V2)));

    private final List<EmbeddedChannel> dialed = new ArrayList<>();
    private final BackendPools pools = new BackendPools((loop, backend, handler) -> {
        EmbeddedChannel connection = new EmbeddedChannel(handler);
        dialed.add(connection);
        return connection.newSucceededFuture();
    }, new GatewayMetrics());

    private static EmbeddedChannel client(String address, int port) {
        return new ClientConnection(new InetSocketAddress(address, port));
    }

    private Channel acquire(EmbeddedChannel client) {
        return pools.acquire(client.eventLoop(), SENDS_PROXY_HEADERS, client).getNow();
    }

    @Test
    void aNewConnectionStartsWithTheClientsAddress() {
        EmbeddedChannel alice = client("192.0.2.7", 50123);

        EmbeddedChannel backend = (EmbeddedChannel) acquire(alice);
        // The exchange's request: the header goes out in front of it, whatever writes first.
        backend.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, "/"));

        ByteBuf first = backend.readOutbound();
        ProxyHeaderParser.Result result = ProxyHeaderParser.parse(first, EnumSet.of(ProxyProtocolVersion.V2));
        first.release();
        assertThat(result).isInstanceOf(ProxyHeaderParser.Parsed.class);
        ProxyHeader header = ((ProxyHeaderParser.Parsed) result).header();
        assertThat(header.source()).contains(new InetSocketAddress("192.0.2.7", 50123));
        assertThat(header.destination()).contains(ClientConnection.CERTGATE);
        ByteBuf request = backend.readOutbound();
        assertThat(request.toString(java.nio.charset.StandardCharsets.US_ASCII)).startsWith("GET / HTTP/1.1");
        request.release();
    }

    @Test
    void toAnHttpsBackendTheHeaderPrecedesTheTlsClientHello(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path root = io.certgate.testing.TestPki.create(java.time.Instant.now()).root()
                .writeCertificate(dir.resolve("root.pem"));
        io.certgate.config.Origin origin = new io.certgate.config.Origin(dir.resolve("certgate.yaml"), 1, "proxy.tls");
        io.certgate.config.UpstreamTlsConfig settings = new io.certgate.config.UpstreamTlsConfig(
                List.of(new io.certgate.config.FileRef(root, origin)), "app.internal", Optional.empty(), Optional.empty(), origin);
        Upstream secure = Upstream.secure(new ProxyConfig("https://127.0.0.1:9/", "127.0.0.1", 9, Duration.ofSeconds(1),
                        Duration.ofSeconds(1), false, Optional.of(settings), Optional.of(ProxyProtocolVersion.V2)),
                io.certgate.upstream.UpstreamTls.load(settings, io.netty.handler.ssl.SslProvider.JDK, java.time.Clock.systemUTC()));
        EmbeddedChannel alice = client("192.0.2.7", 50123);

        pools.acquire(alice.eventLoop(), secure, alice); // the handshake starts: its ClientHello is the first write
        EmbeddedChannel backend = dialed.get(0);
        backend.flush();

        ByteBuf first = backend.readOutbound();
        ProxyHeaderParser.Result result = ProxyHeaderParser.parse(first, EnumSet.of(ProxyProtocolVersion.V2));
        first.release();
        assertThat(result).isInstanceOf(ProxyHeaderParser.Parsed.class);
        ByteBuf hello = backend.readOutbound();
        assertThat(hello.getUnsignedByte(hello.readerIndex())).as("a TLS handshake record (RFC 8446 §5.1)").isEqualTo((short) 22);
        hello.release();
    }

    @Test
    void aConnectionIsReusedByItsOwnClientOnly() {
        EmbeddedChannel alice = client("192.0.2.7", 50123);
        EmbeddedChannel bob = client("192.0.2.8", 50124);
        Channel alices = acquire(alice);
        pools.release(alices, SENDS_PROXY_HEADERS, true);

        Channel bobs = acquire(bob);
        assertThat(bobs).isNotSameAs(alices);
        assertThat(acquire(alice)).isSameAs(alices);
        assertThat(dialed).hasSize(2);
    }

    @Test
    void idleConnectionsCloseWithTheirClient() {
        EmbeddedChannel alice = client("192.0.2.7", 50123);
        Channel alices = acquire(alice);
        pools.release(alices, SENDS_PROXY_HEADERS, true);
        assertThat(alices.isOpen()).isTrue();

        alice.close();

        assertThat(alices.isOpen()).isFalse();
    }

    @Test
    void aConnectionReturnedAfterItsClientLeftIsClosed() {
        EmbeddedChannel alice = client("192.0.2.7", 50123);
        Channel alices = acquire(alice);
        alice.close();

        pools.release(alices, SENDS_PROXY_HEADERS, true);

        assertThat(alices.isOpen()).isFalse();
    }

    /** An in-memory client connection with IP addresses. */
    private static final class ClientConnection extends EmbeddedChannel {
        static final InetSocketAddress CERTGATE = new InetSocketAddress("10.9.9.9", 8443);
        private final InetSocketAddress peer;

        ClientConnection(InetSocketAddress peer) {
            this.peer = peer;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return peer;
        }

        @Override
        protected SocketAddress localAddress0() {
            return CERTGATE;
        }
    }
}
