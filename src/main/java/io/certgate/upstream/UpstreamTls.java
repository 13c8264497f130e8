package io.certgate.upstream;

import io.certgate.config.ConfigError;
import io.certgate.config.ConfigException;
import io.certgate.config.FileRef;
import io.certgate.config.UpstreamTlsConfig;
import io.certgate.x509.CertificateFiles;
import io.certgate.x509.DistinguishedName;
import io.certgate.x509.KeyMatch;
import io.certgate.x509.X509FileException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * certgate's TLS client to one backend, built from {@code proxy.tls} with the files as they were
 * read: TLS 1.3 and 1.2 only (RFC 8996 retired the older ones), ALPN offering http/1.1 alone (the
 * proxy speaks HTTP/1.1 to backends), SNI {@code serverName} (RFC 6066 §3: never for an IP
 * address), the backend's certificate checked by {@link BackendTrust}, and certgate's client
 * certificate when configured.
 *
 * <p>Two values are equal when they were built from the same settings and the same file contents
 * ({@link #fingerprint}): the proxy's pools key on it, so a reload that changed nothing keeps its
 * pooled connections, and one that changed a root, the certificate or the key makes new ones.
 */
public final class UpstreamTls {

    /** RFC 8446 and RFC 5246; RFC 8996 forbids TLS 1.0 and 1.1. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SslContext context;
    private final String serverName;
    private final String fingerprint;
    private final Optional<String> clientSubject;

    private UpstreamTls(SslContext context, String serverName, String fingerprint, Optional<String> clientSubject) {
        this.context = context;
        this.serverName = serverName;
        this.fingerprint = fingerprint;
        this.clientSubject = clientSubject;
    }

    /**
     * Reads the files and builds the context.
     *
     * @param clock what the backend's certificate validity is judged against
     * @throws ConfigException naming the key of each file that cannot be used, at its line
     */
    public static UpstreamTls load(UpstreamTlsConfig config, SslProvider provider, Clock clock) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        List<X509Certificate> roots = new ArrayList<>();
        for (FileRef ref : config.trustedRoots()) {
            try {
                roots.addAll(CertificateFiles.readCertificatesFromFileOrDirectory(ref.path()));
            } catch (X509FileException e) {
                errors.add(ref.origin().error(e.getMessage()));
            }
        }
        List<X509Certificate> chain = List.of();
        PrivateKey key = null;
        if (config.certificate().isPresent()) {
            FileRef certificate = config.certificate().get();
            FileRef keyFile = config.key().orElseThrow();
            try {
                chain = CertificateFiles.readCertificates(certificate.path());
            } catch (X509FileException e) {
                errors.add(certificate.origin().error(e.getMessage()));
            }
            try {
                key = CertificateFiles.readPrivateKey(keyFile.path());
            } catch (X509FileException e) {
                errors.add(keyFile.origin().error(e.getMessage()));
            }
            if (!chain.isEmpty() && key != null && !KeyMatch.belongTogether(key, chain.get(0).getPublicKey())) {
                errors.add(keyFile.origin().error("this private key does not belong to the certificate in "
                        + certificate.path() + " (the first certificate of the file must be certgate's own)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .trustManager(new BackendTrust(roots, config.serverName(), clock))
                    // BackendTrust checks the name (RFC 6125, without the JDK's CN fallback)
                    .endpointIdentificationAlgorithm(null)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_1_1));
            if (key != null) {
                builder.keyManager(key, chain.toArray(new X509Certificate[0]));
            }
            Optional<String> subject = chain.isEmpty() ? Optional.empty()
                    : Optional.of(DistinguishedName.of(chain.get(0).getSubjectX500Principal()).rfc4514());
            return new UpstreamTls(builder.build(), config.serverName(), fingerprint(config, roots, chain, key), subject);
        } catch (SSLException | RuntimeException e) {
            throw new ConfigException(config.origin().error("the TLS context for the backend cannot be built: "
                    + e.getMessage()));
        }
    }

    /** A TLS handler for a new connection to the backend at {@code port}, its handshake bounded by {@code timeout}. */
    public SslHandler newHandler(ByteBufAllocator alloc, int port, Duration timeout) {
        SslHandler handler = context.newHandler(alloc, serverName, port);
        SSLEngine engine = handler.engine();
        if (NetUtil.createByteArrayFromIpAddressString(serverName) == null) {
            // Set explicitly: the JDK and Netty send SNI from the peer host only when it has a dot ("localhost" has none).
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            engine.setSSLParameters(parameters);
        }
        handler.setHandshakeTimeoutMillis(Math.max(1, timeout.toMillis()));
        return handler;
    }

    /** The name sent as SNI and checked in the backend's certificate. */
    public String serverName() {
        return serverName;
    }

    /** The subject of the client certificate certgate presents, when it presents one. */
    public Optional<String> clientSubject() {
        return clientSubject;
    }

    /** Frees the context's native memory (with BoringSSL) once no connection uses it any more. */
    public void close() {
        ReferenceCountUtil.release(context);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UpstreamTls that && fingerprint.equals(that.fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "UpstreamTls[" + serverName + ", client " + clientSubject.orElse("none") + "]";
    }

    /** SHA-256 over the settings and what the files held: equal exactly when nothing that matters differs. */
    private static String fingerprint(UpstreamTlsConfig config, List<X509Certificate> roots, List<X509Certificate> chain,
                                      PrivateKey key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, config.serverName().getBytes(StandardCharsets.UTF_8));
            for (X509Certificate root : roots) {
                update(digest, root.getEncoded());
            }
            update(digest, new byte[0]); // separates the roots from the client chain
            for (X509Certificate certificate : chain) {
                update(digest, certificate.getEncoded());
            }
            if (key != null && key.getEncoded() != null) {
                update(digest, key.getEncoded());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the backend's TLS settings", e);
        }
    }

    /** Length-prefixed, so that no two different inputs digest alike. */
    private static void update(MessageDigest digest, byte[] bytes) {
        digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                (byte) (bytes.length >>> 8), (byte) bytes.length});
        digest.update(bytes);
    }
}
