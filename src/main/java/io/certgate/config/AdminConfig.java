package io.certgate.config;

/**
 * The admin listener: plain HTTP with {@code /healthz}, {@code /readyz} and {@code /metrics}.
 * Present only when the configuration has an {@code admin:} key.
 *
 * @param host the address to bind; loopback unless the administrator says otherwise, because the
 *             admin endpoints have no authentication
 * @param port the port; 0 picks a free one (the log line "listening on ... (admin)" names it)
 */
public record AdminConfig(String host, int port, Origin origin) {

    /** SPEC §3's default: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9443;

    @Override
    public String toString() {
        return "http://" + (host.isEmpty() ? "*" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
