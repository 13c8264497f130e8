package io.certgate.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.Cidr;
import io.certgate.config.Origin;
import io.certgate.config.ProxyProtocolConfig;
import io.certgate.config.ProxyProtocolVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reader in a pipeline: who may send a header, how long it may take, and what the connection's client is after it. */
class ProxyProtocolReaderTest {

    private static final long TIMEOUT_MILLIS = 10_000;
    private static final InetSocketAddress LOAD_BALANCER = new InetSocketAddress("10.1.2.3", 40001);
    private static final InetSocketAddress CERTGATE = new InetSocketAddress("10.9.9.9", 8443);
    private static final byte[] CLIENT_HELLO_START = {0x16, 0x03, 0x01, 0x02, 0x00};

    private final List<Refusal> refusals = new ArrayList<>();

    private static ProxyProtocolConfig settings(Set<ProxyProtocolVersion> versions, String... blocks) {
        return new ProxyProtocolConfig(versions, java.util.Arrays.stream(blocks)
                .map(b -> Cidr.parse(b).value().orElseThrow()).toList(), new Origin(Path.of("certgate.yaml"), 3, "listen[0].proxyProtocol"));
    }

    /** A connection from {@code peer} with the reader first in its pipeline (time frozen). */
    private EmbeddedChannel connection(InetSocketAddress peer, ProxyProtocolConfig config) {
        EmbeddedChannel channel = new SocketLikeChannel(peer);
        channel.freezeTime();
        channel.pipeline().addLast(new ProxyProtocolReader(config, TIMEOUT_MILLIS, refusals::add));
        return channel;
    }

    private EmbeddedChannel fromLoadBalancer() {
        return connection(LOAD_BALANCER, settings(EnumSet.allOf(ProxyProtocolVersion.class), "10.0.0.0/8"));
    }

    private static ByteBuf bytes(byte[]... parts) {
        return Unpooled.wrappedBuffer(parts);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] drain(EmbeddedChannel channel) {
        ByteBuf out = Unpooled.buffer();
        ByteBuf next;
        while ((next = channel.readInbound()) != null) {
            out.writeBytes(next);
            next.release();
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    @Test
    void afterAVersion1HeaderTheClientIsTheHeadersAndTheRestGoesOn() {
        EmbeddedChannel channel = fromLoadBalancer();

        channel.writeInbound(bytes(ascii("PROXY TCP4 192.0.2.7 10.9.9.9 56324 8443\r\n"), CLIENT_HELLO_START));

        assertThat(drain(channel)).isEqualTo(CLIENT_HELLO_START);
        ConnectionAddresses addresses = ConnectionAddresses.of(channel);
        assertThat(addresses.clientIp()).isEqualTo("192.0.2.7");
        assertThat(addresses.clientPort()).isEqualTo(56324);
        assertThat(addresses.source()).isEqualTo(ConnectionAddresses.Source.PROXY_HEADER);
        assertThat(channel.pipeline().get(ProxyProtocolReader.class)).as("the reader left").isNull();
        assertThat(channel.isOpen()).isTrue();
        assertThat(refusals).isEmpty();
    }

    @Test
    void aVersion2HeaderInPiecesIsAssembled() {
        EmbeddedChannel channel = fromLoadBalancer();
        byte[] header = ProxyHeaderParserTest.netty(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.TCP6, "2001:db8::7", "2001:db8::1", 40000, 443));

        for (byte b : header) {
            channel.writeInbound(bytes(new byte[] {b}));
            assertThat(drain(channel)).isEmpty();
        }
        channel.writeInbound(bytes(CLIENT_HELLO_START));

        assertThat(drain(channel)).isEqualTo(CLIENT_HELLO_START);
        assertThat(ConnectionAddresses.of(channel).clientIp()).isEqualTo("2001:db8:0:0:0:0:0:7");
        channel.advanceTimeBy(TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("the deadline ended with the header").isTrue();
    }

    @Test
    void aLocalHeaderLeavesTheSocketsAddresses() {
        EmbeddedChannel channel = fromLoadBalancer();

        channel.writeInbound(bytes(ProxyHeaderParserTest.netty(new HAProxyMessage(HAProxyProtocolVersion.V2,
                HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0)), CLIENT_HELLO_START));

        assertThat(drain(channel)).isEqualTo(CLIENT_HELLO_START);
        assertThat(ConnectionAddresses.of(channel).clientIp()).isEqualTo("10.1.2.3");
        assertThat(ConnectionAddresses.of(channel).source()).isEqualTo(ConnectionAddresses.Source.SOCKET);
    }

    @Test
    void anUntrustedSourceIsClosedBeforeItSendsAByte() {
        EmbeddedChannel channel = connection(new InetSocketAddress("192.0.2.66", 5555),
                settings(EnumSet.allOf(ProxyProtocolVersion.class), "127.0.0.1/32", "10.0.0.0/8"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(refusals).containsExactly(Refusal.UNTRUSTED_SOURCE);
        assertThat(channel.<Object>readOutbound()).as("nothing is answered").isNull();
        assertThat(ConnectionAddresses.of(channel).source()).isEqualTo(ConnectionAddresses.Source.SOCKET);
    }

    @Test
    void aSlowlorisHeaderIsClosedAtTheHandshakeTimeout() {
        EmbeddedChannel channel = fromLoadBalancer();
        byte[] header = ascii("PROXY TCP4 192.0.2.7 10.9.9.9 56324 8443\r\n");

        for (int i = 0; i < header.length - 1; i++) { // one byte a second, never the last
            channel.writeInbound(bytes(new byte[] {header[i]}));
            channel.advanceTimeBy(TIMEOUT_MILLIS / header.length, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(refusals).containsExactly(Refusal.TIMEOUT);
        assertThat(drain(channel)).as("no byte of it went on").isEmpty();
    }

    @Test
    void aSilentConnectionIsClosedAtTheHandshakeTimeout() {
        EmbeddedChannel channel = fromLoadBalancer();

        channel.advanceTimeBy(TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(refusals).containsExactly(Refusal.TIMEOUT);
    }

    @Test
    void aClientThatSkipsTheLoadBalancerIsClosed() {
        EmbeddedChannel channel = fromLoadBalancer();

        channel.writeInbound(bytes(CLIENT_HELLO_START));

        assertThat(channel.isOpen()).isFalse();
        assertThat(refusals).containsExactly(Refusal.NOT_PROXY_PROTOCOL);
        assertThat(drain(channel)).isEmpty();
    }

    @Test
    void garbageTruncatedAndUnlistedVersionsAreClosed() {
        EmbeddedChannel garbage = fromLoadBalancer();
        garbage.writeInbound(bytes(ascii("PROXY TCP4 not-an-address 10.9.9.9 1 8443\r\n")));
        EmbeddedChannel endless = fromLoadBalancer();
        endless.writeInbound(bytes(ascii("PROXY UNKNOWN " + "x".repeat(200))));
        EmbeddedChannel truncated = fromLoadBalancer();
        truncated.writeInbound(bytes(ascii("PROXY TCP4 192.0.2.7")));
        truncated.close(); // the client gave up half way
        EmbeddedChannel v1 = connection(LOAD_BALANCER, settings(EnumSet.of(ProxyProtocolVersion.V2), "10.0.0.0/8"));
        v1.writeInbound(bytes(ascii("PROXY TCP4 192.0.2.7 10.9.9.9 56324 8443\r\n")));

        assertThat(garbage.isOpen()).isFalse();
        assertThat(endless.isOpen()).isFalse();
        assertThat(v1.isOpen()).isFalse();
        assertThat(refusals).containsExactly(Refusal.MALFORMED, Refusal.TOO_LONG, Refusal.VERSION_NOT_ALLOWED);
        for (EmbeddedChannel channel : List.of(garbage, endless, truncated, v1)) {
            assertThat(drain(channel)).isEmpty();
            assertThat(ConnectionAddresses.of(channel).source()).isEqualTo(ConnectionAddresses.Source.SOCKET);
            assertThat(channel.finishAndReleaseAll()).isFalse();
        }
    }

    /** An in-memory channel with IP addresses, as an accepted TCP connection has. */
    private static final class SocketLikeChannel extends EmbeddedChannel {
        private final InetSocketAddress peer;

        SocketLikeChannel(InetSocketAddress peer) {
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
