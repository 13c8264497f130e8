package io.certgate.server;

import io.certgate.http.Site;
import io.certgate.validation.VerdictCache;
import io.netty.handler.ssl.SslContext;

/**
 * A site as the server runs it: what HTTP needs, the TLS context SNI hands out for it, and its
 * verdict cache (for the metrics).
 */
record ServedSite(Site site, SslContext tls, VerdictCache cache) {
}
