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
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches a CRL from an ldap:// distribution point (RFC 4516 URL; RFC 5280 §4.2.1.13 allows
 * them, and AD CS lists {@code ldap:///CN=...,CN=CDP,...?certificateRevocationList?base?objectClass=cRLDistributionPoint}
 * first): one anonymous base-object search for the attribute the URL names, bounded as
 * {@link HttpDownloader} is (connect timeout, answer deadline, size cap), with failures reported
 * the same way. Blocking: callers run it on the download executor, never on an event loop.
 * {@link CrlDownloads} sends it the ldap URLs of the distribution points, in their download slots.
 */
final class LdapDownloader {

    /** RFC 4523 §2.3: the attribute a CRL is stored in; AD answers the bare name, OpenLDAP needs ;binary. */
    static final String CRL_ATTRIBUTE = "certificateRevocationList;binary";
    /** LDAP's registered port (RFC 4516 §2 default when the URL has none). */
    static final int DEFAULT_PORT = 389;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxBytes;
    private final Optional<URI> ldapServer;

    /**
     * @param ldapServer {@code revocation.ldapServer}: the server asked for AD's hostless {@code ldap:///} URLs
     */
    LdapDownloader(Duration connectTimeout, Duration readTimeout, long maxBytes, Optional<URI> ldapServer) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.ldapServer = ldapServer;
    }

    /** The parts of an RFC 4516 URL a CRL fetch uses. */
    record Target(String host, int port, boolean tls, String dn, String attribute) {
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
            port = server.getPort() > 0 ? server.getPort() : tls ? 636 : DEFAULT_PORT;
        } else {
            throw new HttpDownloader.DownloadException("names no server (AD's hostless ldap:/// form) and"
                    + " revocation.ldapServer is not set");
        }
        return new Target(host, port, tls, parsed.getBaseDN().toString(), attribute);
    }

    byte[] get(URI url) throws HttpDownloader.DownloadException {
        Target target = target(url);
        if (target.tls()) {
            throw new HttpDownloader.DownloadException("uses ldaps, which certgate does not fetch CRLs over yet");
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(millis(connectTimeout));
        options.setResponseTimeoutMillis(readTimeout.toMillis());
        // The cap is checked by the SDK while it reads the message, so a huge answer is never buffered.
        options.setMaxMessageSize((int) Math.min(Integer.MAX_VALUE, maxBytes + 64 * 1024));
        try (LDAPConnection connection = new LDAPConnection(options, target.host(), target.port())) {
            // Asking for both spellings: AD serves the bare name, OpenLDAP the ;binary transfer option.
            String bare = target.attribute().toLowerCase(Locale.ROOT).replace(";binary", "");
            SearchRequest request = new SearchRequest(target.dn(), SearchScope.BASE, "(objectClass=*)",
                    target.attribute(), bare, bare + ";binary");
            request.setSizeLimit(1);
            request.setTimeLimitSeconds((int) Math.max(1, readTimeout.toSeconds()));
            SearchResult result = connection.search(request);
            List<SearchResultEntry> entries = result.getSearchEntries();
            if (entries.isEmpty()) {
                throw new HttpDownloader.DownloadException("has no entry " + target.dn());
            }
            for (Attribute a : entries.get(0).getAttributes()) {
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
        } catch (LDAPException e) {
            throw new HttpDownloader.DownloadException(describe(e, target));
        }
    }

    private String describe(LDAPException e, Target target) {
        ResultCode code = e.getResultCode();
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
