package io.certgate.server;

import io.certgate.http.Site;
import io.certgate.revocation.RevocationChecker;
import io.netty.handler.ssl.SslContext;

/**
 * A site as the server runs it: what HTTP needs, the TLS context SNI hands out for it, and its
 * revocation checker, whose background work (file watching, CRL refreshes) stops with the site.
 */
record ServedSite(Site site, SslContext tls, RevocationChecker revocation) implements AutoCloseable {

    @Override
    public void close() {
        revocation.close();
    }
}
