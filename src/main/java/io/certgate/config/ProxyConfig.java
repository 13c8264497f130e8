package io.certgate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a location's requests are forwarded, over HTTP/1.1 with pooled keep-alive connections:
 * in plain text to an {@code http://} URL, over TLS to an {@code https://} one.
 *
 * @param host the backend's host name or address
 * @param connectTimeout how long to wait for the backend to accept a connection (then 502); for
 *                       an https backend, the TLS handshake has as long again
 * @param readTimeout how long the backend may stay silent while answering (then 504)
 * @param preserveHost pass the client's Host header (true, the default) or the backend's host:port
 * @param tls how to speak TLS to the backend: present exactly when the URL is {@code https://}
 * @param sendProxyProtocol when present, each new backend connection starts with a PROXY header of
 *                          this version carrying the client's address; such a connection is then
 *                          reused only for requests of the same client connection
 */
public record ProxyConfig(String url, String host, int port, Duration connectTimeout, Duration readTimeout,
                          boolean preserveHost, Optional<UpstreamTlsConfig> tls,
                          Optional<ProxyProtocolVersion> sendProxyProtocol) {

    /** An {@code http://} backend that is sent no PROXY header. */
    public ProxyConfig(String url, String host, int port, Duration connectTimeout, Duration readTimeout,
                       boolean preserveHost) {
        this(url, host, port, connectTimeout, readTimeout, preserveHost, Optional.empty(), Optional.empty());
    }

    /** The port a URL of this scheme has when it names none (RFC 9110 §4.2): what a Host header may leave out. */
    public int defaultPort() {
        return tls.isPresent() ? 443 : 80;
    }
}
