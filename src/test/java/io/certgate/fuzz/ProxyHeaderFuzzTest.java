package io.certgate.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certgate.config.ProxyProtocolVersion;
import io.certgate.proxyprotocol.ProxyHeader;
import io.certgate.proxyprotocol.ProxyHeaderParser;
import io.certgate.proxyprotocol.Refusal;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Any bytes at the start of a {@code proxyProtocol} connection: the PROXY header parser never
 * throws, never reads past its limits, decides the same on a header alone as on the header and
 * what follows, waits (never refuses) on every prefix of a header it accepts, refuses a version
 * the listener does not list, and where Netty's independent decoder also reads a client address,
 * reads the same one.
 *
 * <p>{@code mvn verify} fuzzes this for {@link #MAX_DURATION} (the fuzz profile sets JAZZER_FUZZ);
 * the unit run replays the inputs in {@code ProxyHeaderFuzzTestInputs}: a header of each form.
 */
class ProxyHeaderFuzzTest {

    /** The grammar is small: the fuzzer covers it in seconds. */
    static final String MAX_DURATION = "30s";

    private static final Set<ProxyProtocolVersion> BOTH = EnumSet.allOf(ProxyProtocolVersion.class);

    @FuzzTest(maxDuration = MAX_DURATION)
    void anyBytesGetABoundedConsistentAnswer(byte[] data) {
        ProxyHeaderParser.Result result = ProxyHeaderParser.parse(Unpooled.wrappedBuffer(data), BOTH);
        if (result instanceof ProxyHeaderParser.NeedMore) {
            assertThat(data.length).as("waits only below the longest header").isLessThan(ProxyHeaderParser.MAX_V2_LENGTH);
            return;
        }
        if (result instanceof ProxyHeaderParser.Refused refused) {
            assertThat(refused.detail()).isNotBlank();
            assertThat(refused.reason()).isNotEqualTo(Refusal.VERSION_NOT_ALLOWED);
            return;
        }
        ProxyHeader header = ((ProxyHeaderParser.Parsed) result).header();
        int length = header.length();
        assertThat(length).isBetween(1, data.length);
        assertThat(length).isLessThanOrEqualTo(header.version() == ProxyProtocolVersion.V1
                ? ProxyHeaderParser.MAX_V1_LENGTH : ProxyHeaderParser.MAX_V2_LENGTH);
        assertThat(header.source().isPresent()).isEqualTo(header.destination().isPresent());

        byte[] alone = Arrays.copyOf(data, length);
        assertThat(ProxyHeaderParser.parse(Unpooled.wrappedBuffer(alone), BOTH)).as("what follows the header changes nothing")
                .isEqualTo(result);
        for (int cut = 0; cut < length; cut += Math.max(1, length / 64)) {
            assertThat(ProxyHeaderParser.parse(Unpooled.wrappedBuffer(alone, 0, cut), BOTH)).as("prefix of %d bytes", cut)
                    .isInstanceOf(ProxyHeaderParser.NeedMore.class);
        }
        Set<ProxyProtocolVersion> other = EnumSet.complementOf(EnumSet.of(header.version()));
        ProxyHeaderParser.Result unlisted = ProxyHeaderParser.parse(Unpooled.wrappedBuffer(data), other);
        assertThat(unlisted).isInstanceOf(ProxyHeaderParser.Refused.class);
        assertThat(((ProxyHeaderParser.Refused) unlisted).reason()).isEqualTo(Refusal.VERSION_NOT_ALLOWED);

        header.source().ifPresent(source -> sameAsNetty(alone, source));
    }

    /** Netty may refuse what we accept (it parses TLVs, we skip them); where it reads an address, it is ours. */
    private static void sameAsNetty(byte[] header, InetSocketAddress source) {
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        HAProxyMessage message;
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(header));
            message = channel.readInbound();
        } catch (RuntimeException refusedByNetty) {
            return;
        } finally {
            channel.finishAndReleaseAll();
        }
        if (message == null) {
            return;
        }
        try {
            if (message.command() == HAProxyCommand.PROXY && message.proxiedProtocol() != HAProxyProxiedProtocol.UNKNOWN
                    && message.proxiedProtocol().addressFamily() != HAProxyProxiedProtocol.AddressFamily.AF_UNIX) {
                assertThat(InetAddress.getByName(message.sourceAddress())).isEqualTo(source.getAddress());
                assertThat(message.sourcePort()).isEqualTo(source.getPort());
            }
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("Netty read a source address that is not one: " + message.sourceAddress(), e);
        } finally {
            message.release();
        }
    }
}
