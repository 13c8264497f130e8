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
 * @param directories the LDAP / Active Directory servers by name, in configuration order
 * @param sessionTickets the ticket keys shared with the rest of a fleet; empty: each TLS context
 *                       makes its own random keys (tickets resume on this process only, until a reload)
 * @param shutdown how SIGTERM drains and stops
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
        Optional<ConnectionLogConfig> connectionLog,
        java.util.Map<String, DirectoryConfig> directories,
        Optional<SessionTicketsConfig> sessionTickets,
        ShutdownConfig shutdown) {

    public GatewayConfig {
        listeners = List.copyOf(listeners);
        sites = List.copyOf(sites);
        directories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(directories));
    }
}
