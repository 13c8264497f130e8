package io.certgate.upstream;

import java.io.IOException;

/** A backend connection whose TLS handshake failed, with why as a value; what a connection attempt fails with. */
public final class UpstreamHandshakeException extends IOException {

    private static final long serialVersionUID = 1L;
    private final transient UpstreamTlsFailure failure;

    public UpstreamHandshakeException(UpstreamTlsFailure failure) {
        super(failure.kind().words() + ": " + failure.detail(), null);
        this.failure = failure;
    }

    public UpstreamTlsFailure failure() {
        return failure;
    }

    /** No stack trace: this is an outcome reported as a value, never a bug to trace. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
