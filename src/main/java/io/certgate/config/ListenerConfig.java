package io.certgate.config;

import java.util.Optional;

/**
 * A socket to listen on.
 *
 * @param host the address to bind; empty for every interface
 * @param port the port; 0 picks a free one (the log line "listening on ..." names it)
 * @param proxyProtocol when present, every connection starts with a PROXY protocol header from a trusted load balancer
 */
public record ListenerConfig(String host, int port, ListenerProtocol protocol, boolean redirectToHttps,
                             Optional<ProxyProtocolConfig> proxyProtocol, Origin origin) {
    @Override
    public String toString() {
        return (protocol == ListenerProtocol.HTTPS ? "https://" : "http://")
                + (host.isEmpty() ? "*" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
