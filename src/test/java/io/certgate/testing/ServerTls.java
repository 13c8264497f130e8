package io.certgate.testing;

import io.certgate.pki.Credential;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server side of TLS for test servers that are not certgate (an ldaps directory, an https
 * CRL distribution point): a JDK {@link SSLContext} presenting a credential's chain (leaf and
 * intermediates; the client is expected to hold the root).
 *
 * <pre>{@code
 * SSLContext tls = ServerTls.presenting(pki.server("localhost"));
 * }</pre>
 */
public final class ServerTls {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private ServerTls() {
    }

    public static SSLContext presenting(Credential server) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", server.privateKey(), IN_MEMORY,
                    server.chainWithoutRoot().toArray(new X509Certificate[0]));
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, IN_MEMORY);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context for " + server.certificate().getSubjectX500Principal(), e);
        }
    }
}
