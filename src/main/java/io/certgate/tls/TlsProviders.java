package io.certgate.tls;

import io.certgate.config.TlsProvider;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the TLS implementation and says which one runs. */
public final class TlsProviders {

    private static final Logger LOG = LoggerFactory.getLogger(TlsProviders.class);

    private TlsProviders() {
    }

    /**
     * The provider for a configured choice.
     *
     * @throws IllegalStateException when BoringSSL is demanded but its native library cannot load
     */
    public static SslProvider resolve(TlsProvider choice) {
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
