package io.certgate.server;

import io.certgate.config.GatewayConfig;
import io.certgate.http.FileCache;
import io.certgate.http.IdentityHeaders;
import io.certgate.http.Site;
import io.certgate.log.AccessLog;
import io.certgate.tls.HostTable;
import java.util.List;
import java.util.Map;

/**
 * Everything a running gateway serves from, built from one configuration. New connections take
 * the current runtime; a connection keeps the one it started with.
 */
final class GatewayRuntime implements AutoCloseable {

    final GatewayConfig config;
    final List<ServedSite> sites;
    final HostTable<ServedSite> byServerName;
    final HostTable<Site> byHost;
    final AccessLog accessLog;
    final FileCache files;
    final IdentityHeaders identityHeaders;

    GatewayRuntime(GatewayConfig config, List<ServedSite> sites, AccessLog accessLog, FileCache files) {
        this.config = config;
        this.sites = List.copyOf(sites);
        this.byServerName = new HostTable<>(sites.stream()
                .map(s -> Map.entry(s.site().hosts(), s)).toList());
        this.byHost = new HostTable<>(sites.stream()
                .map(s -> Map.entry(s.site().hosts(), s.site())).toList());
        this.accessLog = accessLog;
        this.files = files;
        this.identityHeaders = new IdentityHeaders(config.identityHeaders());
    }

    @Override
    public void close() {
        accessLog.close();
        sites.forEach(ServedSite::close);
    }
}
