package io.certgate.config;

/** What a listening socket speaks. */
public enum ListenerProtocol {
    /** TLS, then HTTP/1.1 or HTTP/2 by ALPN. */
    HTTPS,
    /** Plain HTTP: answers 403.4 ssl-required, or redirects to https. */
    HTTP
}
