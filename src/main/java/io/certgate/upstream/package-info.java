/**
 * TLS to backends, the proxy's side of TLS ({@code tls} stays the server side): whom certgate
 * trusts for a backend's certificate ({@link BackendTrust}: the chain to a configured root, then
 * the name by RFC 6125, SAN only), the client certificate it presents, SNI and ALPN
 * ({@link UpstreamTls}), and why a handshake failed, as a value ({@link UpstreamTlsFailure}).
 * {@link Upstreams} holds one runtime's backends as the proxy's connection pools key them.
 * Knows nothing of HTTP.
 */
package io.certgate.upstream;
