package io.certgate.proxyprotocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Writes the version 2 PROXY header (proxy-protocol.txt §2.2) a backend connection starts with
 * under {@code sendProxyProtocol: 2}, as HAProxy's {@code send-proxy-v2} does: the client's
 * address and port as source, the address it connected to as destination. No TLVs.
 */
public final class ProxyHeaderWriter {

    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int VERSION_2_PROXY = 0x21;
    private static final int VERSION_2_LOCAL = 0x20;
    private static final int TCP_OVER_IPV4 = 0x11;
    private static final int TCP_OVER_IPV6 = 0x21;

    private ProxyHeaderWriter() {
    }

    /**
     * The header for a client connection's addresses. When the client's or the destination's
     * address is unknown (not an IP connection), a {@code LOCAL} header: the backend then uses the
     * socket's addresses, as §2.2 says. Mixed families are sent as IPv6, the IPv4 one mapped (RFC 4291 §2.5.5.2).
     */
    public static ByteBuf v2(ByteBufAllocator allocator, ConnectionAddresses addresses) {
        Optional<InetSocketAddress> client = addresses.client();
        Optional<InetSocketAddress> server = addresses.server();
        if (client.isEmpty() || server.isEmpty()) {
            ByteBuf local = allocator.buffer(16);
            local.writeBytes(SIGNATURE).writeByte(VERSION_2_LOCAL).writeByte(0).writeShort(0);
            return local;
        }
        InetAddress source = client.get().getAddress();
        InetAddress destination = server.get().getAddress();
        boolean ipv4 = source instanceof Inet4Address && destination instanceof Inet4Address;
        int size = ipv4 ? 4 : 16;
        ByteBuf header = allocator.buffer(16 + 2 * size + 4);
        header.writeBytes(SIGNATURE)
                .writeByte(VERSION_2_PROXY)
                .writeByte(ipv4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6)
                .writeShort(2 * size + 4)
                .writeBytes(bytes(source, size))
                .writeBytes(bytes(destination, size))
                .writeShort(client.get().getPort())
                .writeShort(server.get().getPort());
        return header;
    }

    private static byte[] bytes(InetAddress address, int size) {
        byte[] raw = address.getAddress();
        if (raw.length == size) {
            return raw;
        }
        byte[] mapped = new byte[16]; // ::ffff:a.b.c.d
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
