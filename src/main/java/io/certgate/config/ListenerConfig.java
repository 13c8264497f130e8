package io.certgate.config;

/**
 * A socket to listen on.
 *
 * @param host the address to bind; empty for every interface
 * @param port the port; 0 picks a free one (the log line "listening on ..." names it)
 */
public record ListenerConfig(String host, int port, ListenerProtocol protocol, boolean redirectToHttps, Origin origin) {
    @Override
    public String toString() {
        return (protocol == ListenerProtocol.HTTPS ? "https://" : "http://")
                + (host.isEmpty() ? "*" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
