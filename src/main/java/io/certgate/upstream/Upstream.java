package io.certgate.upstream;

import io.certgate.config.ProxyConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * One backend as the proxy connects to it: its settings and, for an https backend, the TLS
 * client built from its files. What the connection pools are keyed by, so that a connection made
 * with one set of trust and client certificate is never handed to a request that expects another.
 * The hash is computed once: the pools look it up for every request.
 */
public final class Upstream {

    private final ProxyConfig config;
    private final UpstreamTls tls;
    private final int hash;

    private Upstream(ProxyConfig config, UpstreamTls tls) {
        this.config = config;
        this.tls = tls;
        this.hash = Objects.hash(config, tls);
    }

    /** An {@code http://} backend. */
    public static Upstream plain(ProxyConfig config) {
        if (config.tls().isPresent()) {
            throw new IllegalArgumentException("an https backend needs its TLS client: " + config.url());
        }
        return new Upstream(config, null);
    }

    /** An {@code https://} backend with the TLS client built from its {@code tls} settings. */
    public static Upstream secure(ProxyConfig config, UpstreamTls tls) {
        if (config.tls().isEmpty()) {
            throw new IllegalArgumentException("an http backend has no TLS client: " + config.url());
        }
        return new Upstream(config, Objects.requireNonNull(tls));
    }

    public ProxyConfig config() {
        return config;
    }

    /** The TLS client, for an https backend. */
    public Optional<UpstreamTls> tls() {
        return Optional.ofNullable(tls);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Upstream that && hash == that.hash && config.equals(that.config)
                && Objects.equals(tls, that.tls);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return config.url() + (tls == null ? "" : " " + tls);
    }
}
