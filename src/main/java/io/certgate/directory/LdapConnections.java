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
import io.certgate.config.DirectoryConfig;
import io.certgate.config.SecretRef;
import io.certgate.x509.CertificateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import javax.net.SocketFactory;

/**
 * The connection pool of one directory, opened on first use (so that {@code check}, startup and
 * a directory that is down at that moment do not delay or stop the gateway) and again after it
 * failed. Every connection binds as {@code bindDn}; the password is read from its file or
 * variable when the pool opens and never leaves this class (not in logs, errors or explain).
 */
final class LdapConnections implements AutoCloseable {

    /** Lookups at once per directory: an AD domain controller answers a few thousand searches a second. */
    static final int MAX_CONNECTIONS = 8;
    /**
     * The largest LDAP message read: an entry holding a CRL of revocation's default maxCrlSize
     * (64 MB) with room for the entry around it, since {@code revocation.directory} reads CRLs
     * through this pool; the SDK's own default (20 MB) would refuse a large AD CS CRL.
     */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024 + 64 * 1024;

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
        options.setMaxMessageSize(MAX_MESSAGE_BYTES);
        SocketFactory sockets = SocketFactory.getDefault();
        PostConnectProcessor startTls = null;
        if (ldaps || config.startTls()) {
            LdapTls tls = LdapTls.fromFiles(config.trustedRoots());
            LdapTls.verifyHostName(options);
            if (ldaps) {
                sockets = tls.socketFactory();
            } else {
                startTls = new StartTLSPostConnectProcessor(tls.context());
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
