package io.certgate.upstream;

import io.certgate.config.ConfigError;
import io.certgate.config.ConfigException;
import io.certgate.config.GatewayConfig;
import io.certgate.config.LocationConfig;
import io.certgate.config.ProxyConfig;
import io.certgate.config.SiteConfig;
import io.certgate.config.UpstreamTlsConfig;
import io.netty.handler.ssl.SslProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backends of one configuration, each with its TLS client read from disk when the runtime was
 * built (so a bad file fails the load or the reload, not the first request). Backends with the same
 * {@code tls} settings share one client.
 */
public final class Upstreams implements AutoCloseable {

    /** No https backends: every backend is plain http (for tests and tools that build handlers directly). */
    public static final Upstreams NONE = new Upstreams(Map.of(), Map.of());

    /** By the configuration's own ProxyConfig objects first: no hash is computed on the request path. */
    private final Map<ProxyConfig, Upstream> byIdentity;
    private final Map<ProxyConfig, Upstream> byValue;
    private final Map<UpstreamTlsConfig, UpstreamTls> clients;

    private Upstreams(Map<ProxyConfig, Upstream> byValue, Map<UpstreamTlsConfig, UpstreamTls> clients) {
        this.byIdentity = new IdentityHashMap<>();
        this.byValue = Map.copyOf(byValue);
        this.clients = Map.copyOf(clients);
        byValue.forEach((config, upstream) -> byIdentity.put(upstream.config(), upstream));
    }

    /** These backends, already built (tests and tools that build the proxy by hand). */
    public static Upstreams of(Upstream... upstreams) {
        Map<ProxyConfig, Upstream> byValue = new HashMap<>();
        for (Upstream upstream : upstreams) {
            byValue.putIfAbsent(upstream.config(), upstream);
        }
        return new Upstreams(byValue, Map.of());
    }

    /**
     * Builds a TLS client for each distinct {@code proxy.tls} of the configuration.
     *
     * @throws ConfigException with every file that cannot be used, at its key's line
     */
    public static Upstreams load(GatewayConfig config, SslProvider provider, Clock clock) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Map<UpstreamTlsConfig, UpstreamTls> clients = new LinkedHashMap<>();
        Map<ProxyConfig, Upstream> upstreams = new HashMap<>();
        for (SiteConfig site : config.sites()) {
            for (LocationConfig location : site.locations()) {
                if (location.proxy().isEmpty()) {
                    continue;
                }
                ProxyConfig proxy = location.proxy().get();
                Optional<UpstreamTlsConfig> settings = proxy.tls();
                if (settings.isEmpty()) {
                    upstreams.putIfAbsent(proxy, Upstream.plain(proxy));
                    continue;
                }
                UpstreamTls client = clients.get(settings.get());
                if (client == null && !clients.containsKey(settings.get())) {
                    try {
                        client = UpstreamTls.load(settings.get(), provider, clock);
                    } catch (ConfigException e) {
                        errors.addAll(e.errors());
                    }
                    clients.put(settings.get(), client);
                }
                if (client != null) {
                    upstreams.putIfAbsent(proxy, Upstream.secure(proxy, client));
                }
            }
        }
        Map<UpstreamTlsConfig, UpstreamTls> built = new LinkedHashMap<>();
        clients.forEach((settings, client) -> {
            if (client != null) {
                built.put(settings, client);
            }
        });
        if (!errors.isEmpty()) {
            built.values().forEach(UpstreamTls::close);
            throw new ConfigException(errors);
        }
        return new Upstreams(upstreams, built);
    }

    /**
     * The backend a location's {@code proxy} names; empty when this configuration does not have it
     * (a connection that started under an older configuration asks the current one first).
     */
    public Optional<Upstream> find(ProxyConfig config) {
        Upstream upstream = byIdentity.get(config);
        return Optional.ofNullable(upstream != null ? upstream : byValue.get(config));
    }

    /**
     * The backend of {@code config}: this configuration's, or a plain one for an http backend it
     * does not know.
     *
     * @throws IllegalStateException for an https backend it does not know: never sent without its TLS client
     */
    public Upstream of(ProxyConfig config) {
        return find(config).orElseGet(() -> {
            if (config.tls().isPresent()) {
                throw new IllegalStateException("no TLS client was built for the backend " + config.url());
            }
            return Upstream.plain(config);
        });
    }

    /** True when {@code backend}, with its TLS client, is one of this configuration's. */
    public boolean has(Upstream backend) {
        return find(backend.config()).map(backend::equals).orElse(false);
    }

    /** Every backend of this configuration. */
    public Collection<Upstream> all() {
        return byValue.values();
    }

    /** Frees the TLS clients (connections still open keep theirs until they close). */
    @Override
    public void close() {
        clients.values().forEach(UpstreamTls::close);
    }
}
