package io.certgate.directory;

import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import io.certgate.config.FileRef;
import io.certgate.x509.CertificateFiles;
import io.certgate.x509.X509FileException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for LDAP connections, ldaps:// and startTLS alike: the server certificate must chain to
 * the given roots (the JVM's own when none are given) and name the host connected to (RFC 4513
 * §3.1.3, as for HTTPS). Used by directory clients and by revocation's ldaps:// CRL downloads.
 */
public final class LdapTls {

    private final TrustManager[] trust;

    private LdapTls(TrustManager[] trust) {
        this.trust = trust;
    }

    /** The JVM's trusted roots (its cacerts, or {@code javax.net.ssl.trustStore}). */
    public static LdapTls jvmRoots() throws LDAPException {
        return trusting(List.of());
    }

    /** These roots only; the JVM's when {@code roots} is empty. */
    public static LdapTls trusting(Collection<X509Certificate> roots) throws LDAPException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (roots.isEmpty()) {
                factory.init((KeyStore) null);
                return new LdapTls(factory.getTrustManagers());
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate root : roots) {
                store.setCertificateEntry("root" + i++, root);
            }
            factory.init(store);
            return new LdapTls(factory.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "trustedRoots cannot be used: " + e.getMessage(), e);
        }
    }

    /** The roots in these files or directories of PEM; the JVM's when there are none. */
    public static LdapTls fromFiles(List<FileRef> files) throws LDAPException {
        List<X509Certificate> roots = new ArrayList<>();
        for (FileRef ref : files) {
            try {
                roots.addAll(CertificateFiles.readCertificatesFromFileOrDirectory(ref.path()));
            } catch (X509FileException e) {
                throw new LDAPException(ResultCode.LOCAL_ERROR, "trustedRoots cannot be used: " + e.getMessage(), e);
            }
        }
        return trusting(roots);
    }

    /** Sockets that are TLS from the first byte (ldaps://). */
    public SSLSocketFactory socketFactory() throws LDAPException {
        try {
            return new SSLUtil(trust).createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "TLS: " + e.getMessage(), e);
        }
    }

    /** A context for startTLS (RFC 4511 §4.14). */
    public SSLContext context() throws LDAPException {
        try {
            return new SSLUtil(trust).createSSLContext();
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "TLS: " + e.getMessage(), e);
        }
    }

    /** Makes connections opened with {@code options} check that the certificate names the server. */
    public static void verifyHostName(LDAPConnectionOptions options) {
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    }
}
