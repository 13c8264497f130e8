package io.certgate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a location's requests are forwarded, over HTTP/1.1 with pooled keep-alive connections.
 *
 * @param host the backend's host name or address
 * @param connectTimeout how long to wait for the backend to accept a connection (then 502)
 * @param readTimeout how long the backend may stay silent while answering (then 504)
 * @param preserveHost pass the client's Host header (true, the default) or the backend's host:port
 * @param sendProxyProtocol when present, each new backend connection starts with a PROXY header of
 *                          this version carrying the client's address; such a connection is then
 *                          reused only for requests of the same client connection
 */
public record ProxyConfig(String url, String host, int port, Duration connectTimeout, Duration readTimeout,
                          boolean preserveHost, Optional<ProxyProtocolVersion> sendProxyProtocol) {
}
