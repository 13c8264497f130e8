package io.certgate.config;

import java.time.Duration;

/**
 * The top-level {@code http:} block: how long a client may take to send a request, how many
 * requests one HTTP/2 connection may have at a backend at once, and what happens to request
 * headers whose names contain {@code _}. Each default is nginx's, where nginx has one.
 *
 * @param requestHeaderTimeout the longest a request head (request line and headers) may take to
 *                             arrive, counted from its first byte; then 408 and the connection closes
 *                             (nginx's client_header_timeout)
 * @param requestBodyTimeout the longest silence while a request body is being read; then the
 *                           request is abandoned and the connection closes (nginx's client_body_timeout)
 * @param maxProxiedStreamsPerConnection HTTP/2 streams of one connection that may be at backends at
 *                                       once; further streams are refused with REFUSED_STREAM
 * @param underscoresInHeaders whether request headers with {@code _} in their names are kept
 * @param keepAliveTimeout how long a connection may stay idle (no request, no answer moving; on
 *                         HTTP/2 PINGs do not count) before it is closed (nginx's keepalive_timeout)
 */
public record HttpConfig(Duration requestHeaderTimeout, Duration requestBodyTimeout,
                         int maxProxiedStreamsPerConnection, UnderscoresInHeaders underscoresInHeaders,
                         Duration keepAliveTimeout) {

    /** nginx's client_header_timeout default. */
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(30);
    /** nginx's client_body_timeout default. */
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A quarter of the 128 streams an HTTP/2 connection may open: one client that stops reading
     * then holds at most this many backend connections.
     */
    public static final int DEFAULT_MAX_PROXIED_STREAMS = 32;
    /** nginx's keepalive_timeout default. */
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(75);

    public static final HttpConfig DEFAULTS = new HttpConfig(DEFAULT_REQUEST_HEADER_TIMEOUT,
            DEFAULT_REQUEST_BODY_TIMEOUT, DEFAULT_MAX_PROXIED_STREAMS, UnderscoresInHeaders.DROP,
            DEFAULT_KEEP_ALIVE_TIMEOUT);

    public HttpConfig {
        if (requestHeaderTimeout.isNegative() || requestHeaderTimeout.isZero()
                || requestBodyTimeout.isNegative() || requestBodyTimeout.isZero()
                || keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + requestHeaderTimeout + ", "
                    + requestBodyTimeout + ", " + keepAliveTimeout);
        }
        if (maxProxiedStreamsPerConnection < 1) {
            throw new IllegalArgumentException("maxProxiedStreamsPerConnection must be at least 1: " + maxProxiedStreamsPerConnection);
        }
    }

    /** {@code http.underscoresInHeaders}. */
    public enum UnderscoresInHeaders {
        /** Request headers whose names contain {@code _} are removed before anything reads them (nginx's default). */
        DROP,
        /** They are kept, unless their name, with {@code _} read as {@code -}, is an identity or trust-bearing header. */
        ALLOW
    }
}
