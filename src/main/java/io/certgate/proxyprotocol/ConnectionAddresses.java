package io.certgate.proxyprotocol;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Who is at the two ends of a client connection: from the PROXY header a trusted load balancer
 * sent, or else from the socket. Every place that names the client (access and connection logs,
 * {@code X-Forwarded-For}, refusal logs, the PROXY header to a backend) asks here, so that the
 * header's address is the client's everywhere.
 *
 * @param client the client's address and port; empty on a channel without IP addresses (in-memory tests)
 * @param server the address the client connected to: the load balancer's with a header, certgate's without
 * @param source where the addresses come from
 */
public record ConnectionAddresses(Optional<InetSocketAddress> client, Optional<InetSocketAddress> server, Source source) {

    /** Where a connection's addresses come from. */
    public enum Source {
        /** The TCP socket's own peer and local addresses. */
        SOCKET,
        /** The PROXY header the load balancer sent before the client's bytes. */
        PROXY_HEADER
    }

    private static final AttributeKey<ConnectionAddresses> KEY = AttributeKey.valueOf("certgate.proxyprotocol.addresses");

    /**
     * The addresses of the connection {@code channel} is (or, for an HTTP/2 stream, belongs to).
     * Before a PROXY header has been read, and on listeners without {@code proxyProtocol}, the socket's.
     */
    public static ConnectionAddresses of(Channel channel) {
        ConnectionAddresses told = channel.attr(KEY).get();
        if (told != null) {
            return told;
        }
        Channel parent = channel.parent();
        if (parent != null && !(parent instanceof ServerChannel)) {
            return of(parent); // a stream of an HTTP/2 connection
        }
        return new ConnectionAddresses(inet(channel.remoteAddress()), inet(channel.localAddress()), Source.SOCKET);
    }

    /** Records what a PROXY header said, for the connection's lifetime. */
    static void record(Channel channel, ProxyHeader header) {
        if (header.source().isPresent()) {
            channel.attr(KEY).set(new ConnectionAddresses(header.source(), header.destination(), Source.PROXY_HEADER));
        }
    }

    /** The client's IP address as text ({@code 192.0.2.7}, {@code 2001:db8::7}), or "" when there is none. */
    public String clientIp() {
        return client.map(ConnectionAddresses::ip).orElse("");
    }

    /** The client's port, or 0. */
    public int clientPort() {
        return client.map(InetSocketAddress::getPort).orElse(0);
    }

    /** For log lines: {@code 192.0.2.7:51234}, with {@code (via PROXY header)} when a load balancer told it. */
    @Override
    public String toString() {
        String text = client.map(a -> (a.getAddress() instanceof java.net.Inet6Address ? "[" + ip(a) + "]" : ip(a))
                + ":" + a.getPort()).orElse("-");
        return source == Source.PROXY_HEADER ? text + " (via PROXY header)" : text;
    }

    private static String ip(InetSocketAddress address) {
        return address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    }

    private static Optional<InetSocketAddress> inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ? Optional.of(inet) : Optional.empty();
    }
}
