package io.certgate.directory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import io.certgate.config.DirectoryConfig;
import io.certgate.config.FileRef;
import io.certgate.config.SecretRef;
import io.certgate.x509.CertificateFiles;
import io.certgate.x509.X509FileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.SocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The connection pool of one directory, opened on first use (so that {@code check}, startup and
 * a directory that is down at that moment do not delay or stop the gateway) and again after it
 * failed. Every connection binds as {@code bindDn}; the password is read from its file or
 * variable when the pool opens and never leaves this class (not in logs, errors or explain).
 */
final class LdapConnections implements AutoCloseable {

    /** Lookups at once per directory: an AD domain controller answers a few thousand searches a second. */
    static final int MAX_CONNECTIONS = 8;

    private final DirectoryConfig config;
    private LDAPConnectionPool pool;
    private boolean closed;

    LdapConnections(DirectoryConfig config) {
        this.config = config;
    }

    /** The open pool; opens it when needed. Blocking: call only on the directory's executor. */
    synchronized LDAPConnectionPool pool() throws LDAPException {
        if (closed) {
            throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.LOCAL_ERROR, "the directory client is closed");
        }
        if (pool == null || pool.isClosed()) {
            pool = open();
        }
        return pool;
    }

    private LDAPConnectionPool open() throws LDAPException {
        LDAPURL url = new LDAPURL(config.url());
        boolean ldaps = url.getScheme().toLowerCase(Locale.ROOT).equals("ldaps");
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        options.setConnectTimeoutMillis(timeout);
        options.setResponseTimeoutMillis(timeout);
        SocketFactory sockets = SocketFactory.getDefault();
        PostConnectProcessor startTls = null;
        if (ldaps || config.startTls()) {
            // RFC 4513 §3.1.3: the server's name must match its certificate, as for HTTPS.
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            SSLUtil tls = new SSLUtil(trustManagers());
            try {
                if (ldaps) {
                    sockets = tls.createSSLSocketFactory();
                } else {
                    startTls = new StartTLSPostConnectProcessor(tls.createSSLContext());
                }
            } catch (GeneralSecurityException e) {
                throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.LOCAL_ERROR, "TLS: " + e.getMessage(), e);
            }
        }
        int port = url.getPort();
        BindRequest bind = config.bindDn().isPresent() ? new SimpleBindRequest(config.bindDn().get(), password())
                : null;
        SingleServerSet server = new SingleServerSet(url.getHost(), port, sockets, options, bind, startTls);
        LDAPConnectionPool opened = new LDAPConnectionPool(server, bind, 1, MAX_CONNECTIONS, null, true);
        opened.setMaxWaitTimeMillis(timeout);
        opened.setConnectionPoolName("certgate directory " + config.name());
        // A connection that failed (server restarted) is replaced, not reused.
        opened.setRetryFailedOperationsDueToInvalidConnections(true);
        return opened;
    }

    private TrustManager[] trustManagers() throws LDAPException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (config.trustedRoots().isEmpty()) {
                factory.init((KeyStore) null); // the JVM's own roots
                return factory.getTrustManagers();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            List<X509Certificate> roots = new ArrayList<>();
            for (FileRef ref : config.trustedRoots()) {
                roots.addAll(CertificateFiles.readCertificatesFromFileOrDirectory(ref.path()));
            }
            for (int i = 0; i < roots.size(); i++) {
                store.setCertificateEntry("root" + i, roots.get(i));
            }
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.LOCAL_ERROR,
                    "trustedRoots cannot be used: " + e.getMessage(), e);
        }
    }

    /** The bind password from its file (one trailing line break dropped) or variable. */
    private byte[] password() throws LDAPException {
        SecretRef ref = config.bindPassword().orElseThrow(() -> new LDAPException(
                com.unboundid.ldap.sdk.ResultCode.LOCAL_ERROR, "bindDn is set but bindPassword is not"));
        String secret;
        if (ref.file().isPresent()) {
            try {
                secret = Files.readString(ref.file().get().path(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.LOCAL_ERROR,
                        "bindPassword cannot be read from " + ref + ": " + CertificateFiles.describe(e));
            }
        } else {
            secret = System.getenv(ref.env().orElse(""));
            if (secret == null) {
                throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.LOCAL_ERROR, "bindPassword: " + ref + " is not set");
            }
        }
        if (secret.endsWith("\n")) {
            secret = secret.substring(0, secret.length() - (secret.endsWith("\r\n") ? 2 : 1));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Drops the pool after a failure, so that the next lookup opens a new one. */
    synchronized void reset() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        reset();
    }
}
