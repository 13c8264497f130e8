package io.certgate.server;

import io.certgate.http.Site;
import io.certgate.revocation.RevocationChecker;
import io.certgate.validation.VerdictCache;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

/**
 * A site as the server runs it: what HTTP needs, the TLS context SNI hands out for it, its
 * verdict cache (for the metrics) and its revocation checker, whose background work (file
 * watching, CRL refreshes) stops with the site. The directory clients its mappings ask are not
 * the site's: every site of a runtime shares them, and the runtime closes them.
 */
record ServedSite(Site site, SslContext tls, VerdictCache cache, RevocationChecker revocation)
        implements AutoCloseable {

    /** Releases the TLS context (BoringSSL's is native memory) and stops the revocation checker's background work. */
    @Override
    public void close() {
        ReferenceCountUtil.release(tls);
        revocation.close();
    }
}
