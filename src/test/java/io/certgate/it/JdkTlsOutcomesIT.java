package io.certgate.it;

/** The outcomes of SPEC §4 with the JDK's TLS, the fallback when BoringSSL cannot load. */
class JdkTlsOutcomesIT extends ClientCertificateOutcomes {
    @Override
    String provider() {
        return "jdk";
    }
}
