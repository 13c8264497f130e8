package io.certgate.validation;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Gives the verdict on a presented chain (client certificate first). The future completes at
 * once when the verdict is cached; otherwise it completes on a validation thread, never on the
 * caller's event loop. It never completes exceptionally: every failure is a verdict.
 */
@FunctionalInterface
public interface ClientCertificateJudge {
    CompletableFuture<Verdict> judge(List<X509Certificate> presentedChain);

    /**
     * False once a verdict this judge gave must be decided again: its validity ended or the
     * revocation data behind it changed. A connection that outlives its verdict asks again.
     */
    default boolean isCurrent(Verdict verdict) {
        return true;
    }
}
