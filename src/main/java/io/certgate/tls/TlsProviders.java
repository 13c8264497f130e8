package io.certgate.tls;

import io.certgate.config.TlsProvider;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the TLS implementation and says which one runs. */
public final class TlsProviders {

    private static final Logger LOG = LoggerFactory.getLogger(TlsProviders.class);

    /** Certificates the JDK's TLS takes from a client: more than certgate accepts (10), so that it answers too many with a 403.16. */
    static final int MAX_INBOUND_CERTIFICATES = 32;

    /**
     * The JDK's TLS reads handshake messages up to {@code jdk.tls.maxHandshakeMessageSize} (32 KB
     * by default) and client chains up to {@code jdk.tls.maxCertificateChainLength} (JDK 17, 10
     * certificates) or {@code jdk.tls.server.maxInboundCertificateChainLength} (JDK 21 and later, 8):
     * past them it ends the handshake, and the client gets no answer it can read. Raised so that
     * certgate itself judges such chains and answers 403.16, up to its own ceiling.
     */
    static final Map<String, String> JDK_LIMITS = Map.of(
            "jdk.tls.maxHandshakeMessageSize", String.valueOf(TlsContexts.MAX_CERTIFICATE_MESSAGE_BYTES),
            "jdk.tls.maxCertificateChainLength", String.valueOf(MAX_INBOUND_CERTIFICATES),
            "jdk.tls.server.maxInboundCertificateChainLength", String.valueOf(MAX_INBOUND_CERTIFICATES),
            // A stateless TLS 1.3 ticket holds the client's chain in a 16-bit length field: a chain
            // over 64 KB fails the connection after the handshake ("Field length overflow", an
            // internal_error alert). Session IDs in a server-side cache resume as well.
            "jdk.tls.server.enableSessionTicketExtension", "false");

    private TlsProviders() {
    }

    /**
     * Sets {@link #JDK_LIMITS} unless the operator set them (with -D in CERTGATE_JAVA_OPTS). The JDK
     * reads them once, when its TLS first starts, so this runs at startup, before any TLS
     * context exists.
     */
    public static void raiseJdkLimits() {
        JDK_LIMITS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }

    /**
     * The provider for a configured choice.
     *
     * @throws IllegalStateException when BoringSSL is demanded but its native library cannot load
     */
    public static SslProvider resolve(TlsProvider choice) {
        raiseJdkLimits(); // the JDK's TLS may serve even when BoringSSL is chosen: upstream connections, fallbacks
        switch (choice) {
            case JDK -> {
                LOG.info("TLS: the JDK's TLS (JSSE) {}, as configured", System.getProperty("java.version"));
                return SslProvider.JDK;
            }
            case BORINGSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("tls.provider is boringssl but netty-tcnative cannot load on this"
                            + " machine: " + OpenSsl.unavailabilityCause());
                }
                LOG.info("TLS: {} through netty-tcnative", OpenSsl.versionString());
                return SslProvider.OPENSSL;
            }
            default -> {
                if (OpenSsl.isAvailable()) {
                    LOG.info("TLS: {} through netty-tcnative", OpenSsl.versionString());
                    return SslProvider.OPENSSL;
                }
                LOG.warn("TLS: BoringSSL (netty-tcnative) cannot load here ({}); falling back to the JDK's TLS,"
                        + " which is slower at handshakes", String.valueOf(OpenSsl.unavailabilityCause()));
                return SslProvider.JDK;
            }
        }
    }
}
