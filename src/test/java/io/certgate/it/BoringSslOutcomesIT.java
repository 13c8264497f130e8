package io.certgate.it;

/** The outcomes of SPEC §4 with BoringSSL terminating TLS. */
class BoringSslOutcomesIT extends ClientCertificateOutcomes {
    @Override
    String provider() {
        return "boringssl";
    }
}
