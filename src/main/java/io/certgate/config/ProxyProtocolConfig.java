package io.certgate.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * A listener's {@code proxyProtocol}: every connection must start with a PROXY protocol header
 * from a load balancer in {@code trustedFrom}, whose client address then counts as the
 * connection's everywhere (logs, {@code X-Forwarded-For}, a backend's PROXY header).
 *
 * <p>How the rules combine: a connection from outside every {@code trustedFrom} block is closed
 * before TLS; one whose header is missing, malformed, late or of a version not listed is closed
 * too. There is no fallback to the socket's address: a listener either always or never reads
 * the header (the protocol's own rule, proxy-protocol.txt §1).
 *
 * @param versions the versions accepted (default both)
 * @param trustedFrom the address blocks allowed to send a header; never empty
 */
public record ProxyProtocolConfig(Set<ProxyProtocolVersion> versions, List<Cidr> trustedFrom, Origin origin) {

    public ProxyProtocolConfig {
        versions = Set.copyOf(versions);
        trustedFrom = List.copyOf(trustedFrom);
    }

    /** True when a connection from {@code source} may send a header (first matching block wins, none: refused). */
    public boolean trusts(InetAddress source) {
        for (Cidr block : trustedFrom) {
            if (block.contains(source)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "proxyProtocol versions " + versions.stream().map(ProxyProtocolVersion::number).sorted().toList()
                + " trustedFrom " + trustedFrom;
    }
}
