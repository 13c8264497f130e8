package io.certgate.access;

import io.certgate.config.ClientCertMode;
import io.certgate.identity.Identity;
import io.certgate.validation.Verdict;

/**
 * Applies a location's client-certificate mode to a verdict (KB 907274):
 *
 * <ul>
 *   <li>{@code ignore}: always anonymous; a certificate that arrived anyway is discarded.</li>
 *   <li>{@code accept}: no certificate is anonymous; a valid one identifies the client; an
 *       invalid one is refused like under {@code require}.</li>
 *   <li>{@code require}: no certificate is 403.7; an invalid one is 403.13, 403.16 or 403.17 by
 *       its outcome; a valid one identifies the client.</li>
 * </ul>
 *
 * <p>Fail closed: an outcome this table does not know refuses with 403.16.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /**
     * Decides on the certificate alone.
     *
     * @param identity who the certificate maps to (used only when the certificate is valid and kept)
     */
    public static Decision decide(ClientCertMode mode, Verdict verdict, Identity identity) {
        if (mode == ClientCertMode.IGNORE) {
            return Decision.allow(Identity.ANONYMOUS, "client certificates are ignored here");
        }
        switch (verdict.outcome()) {
            case MISSING -> {
                return mode == ClientCertMode.REQUIRE
                        ? Decision.refuse(Refusal.CLIENT_CERTIFICATE_REQUIRED,
                                "this location requires a client certificate and none was sent", Identity.ANONYMOUS)
                        : Decision.allow(Identity.ANONYMOUS, "no client certificate; admitted anonymously (mode accept)");
            }
            case VALID -> {
                if (identity instanceof Identity.Denied denied) {
                    return Decision.refuse(Refusal.MAPPER_DENIED, denied.why(), identity);
                }
                return Decision.allow(identity, "valid client certificate");
            }
            case EXPIRED -> {
                return Decision.refuse(Refusal.CLIENT_CERTIFICATE_EXPIRED, verdict.detail(), Identity.ANONYMOUS);
            }
            case REVOKED, REVOCATION_UNKNOWN -> {
                return Decision.refuse(Refusal.CLIENT_CERTIFICATE_REVOKED, verdict.detail(), Identity.ANONYMOUS);
            }
            default -> {
                return Decision.refuse(Refusal.CLIENT_CERTIFICATE_UNTRUSTED, verdict.detail(), Identity.ANONYMOUS);
            }
        }
    }
}
