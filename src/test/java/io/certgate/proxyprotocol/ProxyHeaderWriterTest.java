package io.certgate.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The version 2 header sent to backends, read back by Netty's decoder (another implementation of the spec). */
class ProxyHeaderWriterTest {

    private static HAProxyMessage decodedByNetty(ConnectionAddresses addresses) {
        ByteBuf header = ProxyHeaderWriter.v2(ByteBufAllocator.DEFAULT, addresses);
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        channel.writeInbound(header);
        HAProxyMessage message = channel.readInbound();
        channel.finishAndReleaseAll();
        return message;
    }

    private static ConnectionAddresses fromHeader(String client, int clientPort, String server, int serverPort) {
        return new ConnectionAddresses(Optional.of(new InetSocketAddress(client, clientPort)),
                Optional.of(new InetSocketAddress(server, serverPort)), ConnectionAddresses.Source.PROXY_HEADER);
    }

    @Test
    void ipv4ClientsAreSentAsTcpOverIpv4() {
        HAProxyMessage message = decodedByNetty(fromHeader("203.0.113.9", 51000, "10.0.0.5", 8443));

        assertThat(message.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
        assertThat(message.command()).isEqualTo(HAProxyCommand.PROXY);
        assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
        assertThat(message.sourceAddress()).isEqualTo("203.0.113.9");
        assertThat(message.sourcePort()).isEqualTo(51000);
        assertThat(message.destinationAddress()).isEqualTo("10.0.0.5");
        assertThat(message.destinationPort()).isEqualTo(8443);
        message.release();
    }

    @Test
    void ipv6ClientsAreSentAsTcpOverIpv6() {
        HAProxyMessage message = decodedByNetty(fromHeader("2001:db8::7", 40000, "2001:db8::1", 443));

        assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
        assertThat(message.sourceAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(message.destinationPort()).isEqualTo(443);
        message.release();
    }

    @Test
    void mixedFamiliesAreSentAsIpv6WithTheIpv4OneMapped() {
        HAProxyMessage message = decodedByNetty(fromHeader("203.0.113.9", 51000, "2001:db8::1", 443));

        assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
        assertThat(message.sourceAddress()).isEqualTo("0:0:0:0:0:ffff:cb00:7109");
        message.release();
    }

    @Test
    void aConnectionWithoutIpAddressesIsSentAsLocal() {
        HAProxyMessage message = decodedByNetty(new ConnectionAddresses(Optional.empty(), Optional.empty(),
                ConnectionAddresses.Source.SOCKET));

        assertThat(message.command()).isEqualTo(HAProxyCommand.LOCAL);
        message.release();
    }

    @Test
    void whatIsWrittenOurParserReadsBack() {
        ByteBuf header = ProxyHeaderWriter.v2(ByteBufAllocator.DEFAULT, fromHeader("2001:db8::7", 40000, "2001:db8::1", 443));
        ProxyHeaderParser.Result result = ProxyHeaderParser.parse(header, java.util.EnumSet.allOf(io.certgate.config.ProxyProtocolVersion.class));
        header.release();

        assertThat(result).isInstanceOf(ProxyHeaderParser.Parsed.class);
        assertThat(((ProxyHeaderParser.Parsed) result).header().source()).contains(new InetSocketAddress("2001:db8::7", 40000));
    }
}
