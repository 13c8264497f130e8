package io.certgate.server;

import io.certgate.directory.Directories;
import io.certgate.http.Site;
import io.certgate.revocation.RevocationChecker;
import io.certgate.validation.VerdictCache;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

/**
 * A site as the server runs it: what HTTP needs, the TLS context SNI hands out for it, its
 * verdict cache (for the metrics), its revocation checker, whose background work (file
 * watching, CRL refreshes) stops with the site, and the directory clients its mappings ask
 * (their pools close with it).
 */
record ServedSite(Site site, SslContext tls, VerdictCache cache, RevocationChecker revocation,
                  Directories directories) implements AutoCloseable {

    ServedSite(Site site, SslContext tls, VerdictCache cache, RevocationChecker revocation) {
        this(site, tls, cache, revocation, Directories.NONE);
    }

    /** Releases the TLS context (BoringSSL's is native memory) and stops the revocation checker's background work. */
    @Override
    public void close() {
        ReferenceCountUtil.release(tls);
        revocation.close();
        directories.close();
    }
}
