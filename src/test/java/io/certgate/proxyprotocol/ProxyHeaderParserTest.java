package io.certgate.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ProxyProtocolVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The header grammar of proxy-protocol.txt, byte by byte. Version 2 headers are written by
 * Netty's own encoder (an independent implementation), so that the parser is checked against
 * someone else's reading of the spec, not only against itself.
 */
class ProxyHeaderParserTest {

    private static final Set<ProxyProtocolVersion> BOTH = EnumSet.allOf(ProxyProtocolVersion.class);

    private static ProxyHeaderParser.Result parse(byte[] bytes, Set<ProxyProtocolVersion> allowed) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        ProxyHeaderParser.Result result = ProxyHeaderParser.parse(in, allowed);
        assertThat(in.readerIndex()).as("the parser only looks").isZero();
        return result;
    }

    private static ProxyHeader parsed(byte[] bytes) {
        ProxyHeaderParser.Result result = parse(bytes, BOTH);
        assertThat(result).isInstanceOf(ProxyHeaderParser.Parsed.class);
        return ((ProxyHeaderParser.Parsed) result).header();
    }

    private static Refusal refused(byte[] bytes, Set<ProxyProtocolVersion> allowed) {
        ProxyHeaderParser.Result result = parse(bytes, allowed);
        assertThat(result).isInstanceOf(ProxyHeaderParser.Refused.class);
        return ((ProxyHeaderParser.Refused) result).reason();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A header as Netty's encoder writes it. */
    static byte[] netty(HAProxyMessage message) {
        EmbeddedChannel channel = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        channel.writeOutbound(message);
        ByteBuf out = channel.readOutbound();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        channel.finishAndReleaseAll();
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void version1Tcp4GivesTheClientsAddressAndLength() {
        byte[] line = ascii("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n");
        ProxyHeader header = parsed(concat(line, new byte[] {0x16, 0x03, 0x01}));

        assertThat(header.version()).isEqualTo(ProxyProtocolVersion.V1);
        assertThat(header.source()).contains(new InetSocketAddress("192.0.2.7", 56324));
        assertThat(header.destination()).contains(new InetSocketAddress("198.51.100.1", 443));
        assertThat(header.length()).isEqualTo(line.length);
    }

    @Test
    void version1Tcp6() {
        ProxyHeader header = parsed(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 65535 0\r\n"));

        assertThat(header.source()).contains(new InetSocketAddress("2001:db8::7", 65535));
        assertThat(header.destination()).contains(new InetSocketAddress("2001:db8::1", 0));
    }

    @Test
    void version1UnknownMeansTheSocketsAddresses() {
        ProxyHeader header = parsed(ascii("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n"));

        assertThat(header.source()).isEmpty();
        assertThat(header.length()).isEqualTo(35);
        assertThat(parsed(ascii("PROXY UNKNOWN\r\n")).source()).isEmpty();
    }

    @Test
    void theLongestVersion1LineIsReadAndOneByteMoreIsTooLong() {
        // §2.1's worst case: "PROXY UNKNOWN" and two full IPv6 addresses with ports, 104 bytes; padded to 107.
        String longest = "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535";
        String padded = longest + " ".repeat(107 - 2 - longest.length());
        assertThat(parsed(ascii(padded + "\r\n")).length()).isEqualTo(107);

        assertThat(refused(ascii(padded + " \r\n"), BOTH)).isEqualTo(Refusal.TOO_LONG);
    }

    @Test
    void version1MistakesAreMalformed() {
        for (String bad : List.of(
                "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\n",          // LF without CR
                "PROXY TCP4 192.0.2.7 198.51.100.1 56324\r\n",            // a field missing
                "PROXY TCP4 192.0.2.7  198.51.100.1 56324 443\r\n",       // two spaces
                "PROXY TCP4 2001:db8::7 198.51.100.1 56324 443\r\n",      // IPv6 under TCP4
                "PROXY TCP6 192.0.2.7 198.51.100.1 56324 443\r\n",        // IPv4 under TCP6
                "PROXY TCP4 192.0.2.256 198.51.100.1 56324 443\r\n",      // no such address
                "PROXY TCP4 192.0.2.7 198.51.100.1 65536 443\r\n",        // no such port
                "PROXY TCP4 192.0.2.7 198.51.100.1 056324 443\r\n",       // leading zero
                "PROXY TCP4 192.0.2.7 198.51.100.1 -1 443\r\n",
                "PROXY TCP4 lb.example 198.51.100.1 1 443\r\n",           // a name, not an address
                "PROXY TCP6 fe80::1%eth0 2001:db8::1 1 443\r\n",          // a zone
                "PROXY UDP4 192.0.2.7 198.51.100.1 56324 443\r\n",
                "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\r\n",
                "PROXY TCP4 192.0.2.7 198.51.100.1 5\u00e96 443\r\n")) {
            assertThat(refused(ascii(bad), BOTH)).as(bad).isEqualTo(Refusal.MALFORMED);
        }
    }

    @Test
    void aTruncatedHeaderWaitsForMoreAtEveryLength() {
        byte[] v1 = ascii("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n");
        byte[] v2 = netty(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP6,
                "2001:db8::7", "2001:db8::1", 40000, 443));
        for (byte[] whole : List.of(v1, v2)) {
            for (int cut = 0; cut < whole.length; cut++) {
                assertThat(parse(java.util.Arrays.copyOf(whole, cut), BOTH)).as("first %d of %d bytes", cut, whole.length)
                        .isInstanceOf(ProxyHeaderParser.NeedMore.class);
            }
        }
    }

    @Test
    void version2Ipv4AndIpv6AsNettyWritesThem() {
        ProxyHeader v4 = parsed(netty(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.TCP4, "203.0.113.9", "10.0.0.5", 51000, 8443)));
        assertThat(v4.version()).isEqualTo(ProxyProtocolVersion.V2);
        assertThat(v4.source()).contains(new InetSocketAddress("203.0.113.9", 51000));
        assertThat(v4.destination()).contains(new InetSocketAddress("10.0.0.5", 8443));
        assertThat(v4.length()).isEqualTo(16 + 12);

        ProxyHeader v6 = parsed(netty(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.TCP6, "2001:db8::7", "2001:db8::1", 40000, 443)));
        assertThat(v6.source()).contains(new InetSocketAddress("2001:db8::7", 40000));
        assertThat(v6.length()).isEqualTo(16 + 36);
    }

    @Test
    void version2LocalMeansTheSocketsAddresses() {
        ProxyHeader local = parsed(netty(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL,
                HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0)));

        assertThat(local.source()).isEmpty();
        assertThat(local.length()).isEqualTo(16);
    }

    @Test
    void version2UnixSocketsMeanTheSocketsAddresses() {
        ProxyHeader unix = parsed(netty(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.UNIX_STREAM, "/run/lb.sock", "/run/certgate.sock", 0, 0)));

        assertThat(unix.source()).isEmpty();
        assertThat(unix.length()).isEqualTo(16 + 216);
    }

    @Test
    void version2TlvsAreSkippedUpToTheLimit() {
        byte[] value = new byte[100];
        HAProxyTLV authority = new HAProxyTLV(HAProxyTLV.Type.PP2_TYPE_AUTHORITY, Unpooled.wrappedBuffer(value));
        ProxyHeader header = parsed(netty(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.TCP4, "203.0.113.9", "10.0.0.5", 51000, 8443, List.of(authority))));

        assertThat(header.source()).contains(new InetSocketAddress("203.0.113.9", 51000));
        assertThat(header.length()).isEqualTo(16 + 12 + 3 + 100);
    }

    @Test
    void aVersion2LengthOverTheLimitIsRefusedBeforeItsBytesCome() {
        byte[] fixed = v2Fixed(0x21, 0x11, ProxyHeaderParser.MAX_V2_LENGTH - 16 + 1);

        assertThat(refused(fixed, BOTH)).isEqualTo(Refusal.TOO_LONG);
        assertThat(parse(v2Fixed(0x21, 0x11, ProxyHeaderParser.MAX_V2_LENGTH - 16), BOTH))
                .isInstanceOf(ProxyHeaderParser.NeedMore.class);
    }

    @Test
    void version2MistakesAreMalformed() {
        assertThat(refused(withBlock(v2Fixed(0x11, 0x11, 12), 12), BOTH)).as("version 1 nibble").isEqualTo(Refusal.MALFORMED);
        assertThat(refused(withBlock(v2Fixed(0x22, 0x11, 12), 12), BOTH)).as("command 2").isEqualTo(Refusal.MALFORMED);
        assertThat(refused(withBlock(v2Fixed(0x21, 0x41, 12), 12), BOTH)).as("family 4").isEqualTo(Refusal.MALFORMED);
        assertThat(refused(withBlock(v2Fixed(0x21, 0x13, 12), 12), BOTH)).as("transport 3").isEqualTo(Refusal.MALFORMED);
        assertThat(refused(withBlock(v2Fixed(0x21, 0x11, 11), 11), BOTH)).as("IPv4 block too short").isEqualTo(Refusal.MALFORMED);
        assertThat(refused(withBlock(v2Fixed(0x21, 0x21, 12), 12), BOTH)).as("IPv6 block too short").isEqualTo(Refusal.MALFORMED);
        assertThat(refused(withBlock(v2Fixed(0x21, 0x31, 100), 100), BOTH)).as("unix block too short").isEqualTo(Refusal.MALFORMED);
    }

    @Test
    void bytesThatAreNotAHeaderAreRefusedAtTheFirstByteThatShowsIt() {
        assertThat(refused(new byte[] {0x16, 0x03, 0x01}, BOTH)).as("a TLS ClientHello").isEqualTo(Refusal.NOT_PROXY_PROTOCOL);
        assertThat(refused(ascii("GET / HTTP/1.1\r\n"), BOTH)).isEqualTo(Refusal.NOT_PROXY_PROTOCOL);
        assertThat(refused(ascii("PROXI"), BOTH)).isEqualTo(Refusal.NOT_PROXY_PROTOCOL);
        assertThat(refused(ascii("proxy TCP4"), BOTH)).isEqualTo(Refusal.NOT_PROXY_PROTOCOL);
        assertThat(refused(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0B}, BOTH))
                .isEqualTo(Refusal.NOT_PROXY_PROTOCOL);
        assertThat(parse(ascii("PROX"), BOTH)).isInstanceOf(ProxyHeaderParser.NeedMore.class);
    }

    @Test
    void aVersionTheListenerDoesNotListIsRefused() {
        byte[] v1 = ascii("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n");
        byte[] v2 = netty(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP4,
                "203.0.113.9", "10.0.0.5", 51000, 8443));

        assertThat(refused(v1, EnumSet.of(ProxyProtocolVersion.V2))).isEqualTo(Refusal.VERSION_NOT_ALLOWED);
        assertThat(refused(v2, EnumSet.of(ProxyProtocolVersion.V1))).isEqualTo(Refusal.VERSION_NOT_ALLOWED);
        // decided from the prefix alone: a refused version's header is not waited for
        assertThat(refused(ascii("PROXY "), EnumSet.of(ProxyProtocolVersion.V2))).isEqualTo(Refusal.VERSION_NOT_ALLOWED);
    }

    /** The 16 fixed bytes of a version 2 header with the given version/command, family/transport and length. */
    private static byte[] v2Fixed(int versionCommand, int family, int length) {
        return new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
                (byte) versionCommand, (byte) family, (byte) (length >> 8), (byte) length};
    }

    private static byte[] withBlock(byte[] fixed, int blockLength) {
        return concat(fixed, new byte[blockLength]);
    }
}
