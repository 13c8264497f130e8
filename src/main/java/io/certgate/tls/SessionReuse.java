package io.certgate.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import javax.net.ssl.SSLEngine;

/** Tells whether a finished handshake resumed an earlier session (ticket or session ID) or was a full one. */
public final class SessionReuse {

    private SessionReuse() {
    }

    /**
     * @param connectionStartMillis when the connection was accepted (wall clock), for the JDK provider
     */
    public static boolean resumed(SSLEngine engine, long connectionStartMillis) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            // BoringSSL says so itself (SSL_session_reused); the engine is ours until the channel closes.
            synchronized (openSsl) {
                long ssl = openSsl.sslPointer();
                return ssl != 0 && SSL.isSessionReused(ssl);
            }
        }
        // The JDK's engine has no such flag. A resumed session keeps the creation time of the
        // handshake that first made it, which was on an earlier connection; a full handshake makes
        // its session after this connection was accepted.
        return engine.getSession().getCreationTime() < connectionStartMillis;
    }
}
