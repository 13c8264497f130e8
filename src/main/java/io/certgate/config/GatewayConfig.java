package io.certgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A whole, validated configuration. Immutable: a reload builds a new one.
 *
 * @param file the file it was read from
 * @param errors how error pages look and how much they say
 * @param tlsProvider which TLS implementation to use
 * @param identityHeaders the names of the headers that carry identity to backends
 * @param admin the admin listener (health, readiness, metrics); empty when not configured
 * @param http request deadlines and header rules for every listener
 * @param connectionLog one line per TLS connection; empty when not configured
 */
public record GatewayConfig(
        Path file,
        List<ListenerConfig> listeners,
        List<SiteConfig> sites,
        ErrorsConfig errors,
        Optional<AccessLogConfig> accessLog,
        TlsProvider tlsProvider,
        IdentityHeaderNames identityHeaders,
        Optional<AdminConfig> admin,
        HttpConfig http,
        Optional<ConnectionLogConfig> connectionLog) {

    public GatewayConfig {
        listeners = List.copyOf(listeners);
        sites = List.copyOf(sites);
    }
}
