package io.certgate.tls;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.certgate.config.ClientCertificatesConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** Builds a site's server-side {@link SslContext}. */
public final class TlsContexts {

    /** TLS 1.2 and 1.3 only: older versions have no safe cipher suites left. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Sessions resumable for a day, as nginx's ssl_session_timeout is often set; tickets rotate with restarts. */
    static final long SESSION_TIMEOUT_SECONDS = 24 * 60 * 60;
    /** Server-side session cache entries (for clients that resume by session ID rather than ticket). */
    static final long SESSION_CACHE_SIZE = 20_480;
    /**
     * The largest Certificate message read from a client: the ceiling of maxChainBytes and room
     * for the message's own framing (a 3-byte length per certificate; in TLS 1.3 also 2 bytes of
     * extensions each, and the request context). A chain up to the ceiling reaches certgate and
     * is judged (403.16 above the site's maxChainBytes); a larger one ends the handshake. The
     * libraries' own defaults are lower: the JDK reads handshake messages up to 32 KB, BoringSSL
     * and OpenSSL up to 100 KB.
     */
    public static final int MAX_CERTIFICATE_MESSAGE_BYTES = ClientCertificatesConfig.MAX_CHAIN_BYTES_LIMIT + 4096;

    private TlsContexts() {
    }

    /**
     * @param askForClientCertificate send a CertificateRequest (optional: a client without a
     *                                certificate still completes the handshake and gets an HTTP answer)
     * @param advertised the CAs whose names the CertificateRequest carries
     */
    public static SslContext forSite(ServerCredentials credentials, boolean askForClientCertificate,
                                     List<X509Certificate> advertised, SslProvider provider) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(credentials.key(), credentials.chain().toArray(new X509Certificate[0]));
        if (provider != SslProvider.JDK) {
            builder.option(OpenSslContextOption.MAX_CERTIFICATE_LIST_BYTES, MAX_CERTIFICATE_MESSAGE_BYTES);
        } else {
            TlsProviders.raiseJdkLimits();
        }
        return builder
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                // ECDHE with AEAD for TLS 1.2 (RFC 9113 §9.2 asks as much of HTTP/2); TLS 1.3 suites are always on.
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .clientAuth(askForClientCertificate ? ClientAuth.OPTIONAL : ClientAuth.NONE)
                .trustManager(new AcceptAnyChainTrustManager(advertised))
                .sessionTimeout(SESSION_TIMEOUT_SECONDS)
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
    }
}
