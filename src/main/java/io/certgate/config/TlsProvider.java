package io.certgate.config;

/** Which TLS implementation terminates connections. */
public enum TlsProvider {
    /** BoringSSL when its native library loads on this machine, else the JDK's, with a log line saying so. */
    AUTO,
    /** BoringSSL through netty-tcnative; startup fails when it cannot load. */
    BORINGSSL,
    /** The JDK's own TLS (JSSE). */
    JDK
}
