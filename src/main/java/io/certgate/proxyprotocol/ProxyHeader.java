package io.certgate.proxyprotocol;

import io.certgate.config.ProxyProtocolVersion;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A PROXY header as read.
 *
 * @param version the header's version
 * @param source the client's address and port, empty when the header gives none that can be used
 *               (v1 {@code UNKNOWN}, v2 {@code LOCAL}, {@code AF_UNSPEC} or {@code AF_UNIX}): then
 *               the socket's own addresses count, as the protocol says (proxy-protocol.txt §2.1, §2.2)
 * @param destination the address the client connected to (the load balancer's), empty with {@code source}
 * @param length the header's length in bytes, TLVs included
 */
public record ProxyHeader(ProxyProtocolVersion version, Optional<InetSocketAddress> source,
                          Optional<InetSocketAddress> destination, int length) {
}
