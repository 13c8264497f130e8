package io.certgate.server;

import io.certgate.http.Site;
import io.netty.handler.ssl.SslContext;

/** A site as the server runs it: what HTTP needs, and the TLS context SNI hands out for it. */
record ServedSite(Site site, SslContext tls) {
}
