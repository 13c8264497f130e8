package io.certgate.revocation;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.certgate.directory.DirectoryClient;
import io.certgate.directory.LdapTls;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Fetches a CRL from an ldap:// or ldaps:// distribution point (RFC 4516 URL; RFC 5280 §4.2.1.13
 * allows them, and AD CS lists {@code ldap:///CN=...,CN=CDP,...?certificateRevocationList?base?objectClass=cRLDistributionPoint}
 * first): one base-object search for the attribute the URL names, bounded as
 * {@link HttpDownloader} is (connect timeout, answer deadline, size cap), with failures reported
 * the same way. A URL with a host is read anonymously from that host (ldaps: TLS checked against
 * the JVM's roots, RFC 4513 §3.1.3); a hostless one from {@code revocation.ldapServer} likewise,
 * or through the directory {@code revocation.directory} names, with its pool, bind and TLS.
 * Blocking: callers run it on the download executor, never on an event loop.
 * {@link CrlDownloads} sends it the ldap URLs of the distribution points, in their download slots.
 */
final class LdapDownloader {

    /** RFC 4523 §2.3: the attribute a CRL is stored in; AD answers the bare name, OpenLDAP needs ;binary. */
    static final String CRL_ATTRIBUTE = "certificateRevocationList;binary";
    /** LDAP's registered port (RFC 4516 §2 default when the URL has none). */
    static final int DEFAULT_PORT = 389;
    /** ldaps' registered port (RFC 8314 §7 lists it; LDAP over TLS from the first byte). */
    static final int DEFAULT_TLS_PORT = 636;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxBytes;
    private final Optional<URI> ldapServer;
    private final Optional<DirectoryClient> directory;
    private final Optional<LdapTls> tls;

    /** Hostless URLs from {@code ldapServer} only; ldaps checked against the JVM's roots. */
    LdapDownloader(Duration connectTimeout, Duration readTimeout, long maxBytes, Optional<URI> ldapServer) {
        this(connectTimeout, readTimeout, maxBytes, ldapServer, Optional.empty(), Optional.empty());
    }

    /**
     * @param ldapServer {@code revocation.ldapServer}: the server asked for AD's hostless {@code ldap:///} URLs
     * @param directory {@code revocation.directory}: the directory asked for them instead
     * @param tls the roots an ldaps server's certificate must chain to; empty for the JVM's
     */
    LdapDownloader(Duration connectTimeout, Duration readTimeout, long maxBytes, Optional<URI> ldapServer,
                   Optional<DirectoryClient> directory, Optional<LdapTls> tls) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.ldapServer = ldapServer;
        this.directory = directory;
        this.tls = tls;
    }

    /**
     * The parts of an RFC 4516 URL a CRL fetch uses.
     *
     * @param directory the directory read through (revocation.directory), whose server host and port name
     */
    record Target(String host, int port, boolean tls, String dn, String attribute, Optional<String> directory) {
        Target(String host, int port, boolean tls, String dn, String attribute) {
            this(host, port, tls, dn, attribute, Optional.empty());
        }
    }

    /** Parses a distribution point URL; hostless ones take host and port from {@code ldapServer}. */
    Target target(URI url) throws HttpDownloader.DownloadException {
        LDAPURL parsed;
        try {
            parsed = new LDAPURL(url.toString());
        } catch (LDAPException e) {
            throw new HttpDownloader.DownloadException("is not an LDAP URL (RFC 4516): " + e.getExceptionMessage());
        }
        if (parsed.getScope() != SearchScope.BASE) {
            throw new HttpDownloader.DownloadException("asks for scope " + parsed.getScope().getName()
                    + "; a CRL is read from one entry (scope base)");
        }
        if (parsed.getBaseDN().isNullDN()) {
            throw new HttpDownloader.DownloadException("names no entry (the URL has no DN)");
        }
        String[] attributes = parsed.getAttributes();
        String attribute = attributes.length == 0 ? CRL_ATTRIBUTE : attributes[0];
        String host;
        int port;
        boolean tls;
        if (parsed.hostProvided()) {
            host = parsed.getHost();
            port = parsed.getPort();
            tls = parsed.getScheme().equalsIgnoreCase("ldaps");
        } else if (ldapServer.isPresent()) {
            URI server = ldapServer.get();
            host = server.getHost();
            tls = "ldaps".equalsIgnoreCase(server.getScheme());
            port = server.getPort() > 0 ? server.getPort() : tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        } else if (directory.isPresent()) {
            DirectoryClient client = directory.get();
            try {
                LDAPURL server = new LDAPURL(client.config().url());
                return new Target(server.getHost(), server.getPort(),
                        server.getScheme().equalsIgnoreCase("ldaps") || client.config().startTls(),
                        parsed.getBaseDN().toString(), attribute, Optional.of(client.name()));
            } catch (LDAPException e) {
                // The config binder parsed the directory's URL; reaching here means a model was built around it.
                throw new HttpDownloader.DownloadException("cannot be read: directory " + client.name()
                        + " has no usable url: " + e.getExceptionMessage());
            }
        } else {
            throw new HttpDownloader.DownloadException("names no server (AD's hostless ldap:/// form) and"
                    + " revocation.ldapServer is not set (nor revocation.directory)");
        }
        return new Target(host, port, tls, parsed.getBaseDN().toString(), attribute);
    }

    byte[] get(URI url) throws HttpDownloader.DownloadException {
        Target target = target(url);
        // Asking for both spellings: AD serves the bare name, OpenLDAP the ;binary transfer option.
        String bare = target.attribute().toLowerCase(Locale.ROOT).replace(";binary", "");
        String[] attributes = {target.attribute(), bare, bare + ";binary"};
        if (target.directory().isPresent()) {
            try {
                Optional<SearchResultEntry> entry = directory.orElseThrow().readEntry(target.dn(), readTimeout, attributes);
                return crl(entry.orElseThrow(() -> new HttpDownloader.DownloadException("has no entry " + target.dn()
                        + " in directory " + target.directory().get())), target, bare);
            } catch (LDAPException e) {
                throw new HttpDownloader.DownloadException(describe(e, target) + " (directory " + target.directory().get()
                        + ")");
            }
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(millis(connectTimeout));
        options.setResponseTimeoutMillis(readTimeout.toMillis());
        // The cap is checked by the SDK while it reads the message, so a huge answer is never buffered.
        options.setMaxMessageSize((int) Math.min(Integer.MAX_VALUE, maxBytes + 64 * 1024));
        try {
            SocketFactory sockets = SocketFactory.getDefault();
            if (target.tls()) {
                sockets = (tls.isPresent() ? tls.get() : LdapTls.jvmRoots()).socketFactory();
                LdapTls.verifyHostName(options);
            }
            try (LDAPConnection connection = new LDAPConnection(sockets, options, target.host(), target.port())) {
                SearchRequest request = new SearchRequest(target.dn(), SearchScope.BASE, "(objectClass=*)", attributes);
                request.setSizeLimit(1);
                request.setTimeLimitSeconds((int) Math.max(1, readTimeout.toSeconds()));
                SearchResult result = connection.search(request);
                List<SearchResultEntry> entries = result.getSearchEntries();
                if (entries.isEmpty()) {
                    throw new HttpDownloader.DownloadException("has no entry " + target.dn());
                }
                return crl(entries.get(0), target, bare);
            }
        } catch (LDAPException e) {
            throw new HttpDownloader.DownloadException(describe(e, target));
        }
    }

    /** The CRL in the entry's attribute, within the size cap. */
    private byte[] crl(SearchResultEntry entry, Target target, String bare) throws HttpDownloader.DownloadException {
        for (Attribute a : entry.getAttributes()) {
            if (a.getBaseName().equalsIgnoreCase(bare) && a.getValueByteArray() != null) {
                byte[] value = a.getValueByteArray();
                if (value.length > maxBytes) {
                    throw new HttpDownloader.DownloadException("is " + value.length + " bytes, more than the limit of "
                            + maxBytes);
                }
                return value;
            }
        }
        throw new HttpDownloader.DownloadException("entry " + target.dn() + " has no " + target.attribute());
    }

    private String describe(LDAPException e, Target target) {
        ResultCode code = e.getResultCode();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException) {
                // The server's certificate is not trusted or does not name it: no CRL, so onUnavailable decides.
                return "cannot be read over TLS from " + target.host() + ":" + target.port() + ": "
                        + cause.getMessage();
            }
        }
        if (code == ResultCode.NO_SUCH_OBJECT) {
            return "has no entry " + target.dn();
        }
        if (code == ResultCode.CONNECT_ERROR || code == ResultCode.SERVER_DOWN) {
            return "cannot be reached: " + target.host() + ":" + target.port() + " (" + code.getName() + ")";
        }
        if (code == ResultCode.TIMEOUT) {
            return "did not answer within " + HttpDownloader.describe(readTimeout) + " (timed out)";
        }
        return "failed: LDAP " + code.getName() + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }
}
