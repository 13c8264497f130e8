package io.certgate.upstream;

import java.security.cert.CertificateException;

/**
 * The backend's certificate was refused by {@link BackendTrust}: thrown into the TLS stack, which
 * ends the handshake (with an alert) and keeps this as the cause, where {@link UpstreamTlsFailure#of}
 * finds it again.
 */
final class BackendCertificateException extends CertificateException {

    private static final long serialVersionUID = 1L;
    private final transient UpstreamTlsFailure failure;

    BackendCertificateException(UpstreamTlsFailure failure) {
        super(failure.kind().words() + ": " + failure.detail());
        this.failure = failure;
    }

    UpstreamTlsFailure failure() {
        return failure;
    }
}
