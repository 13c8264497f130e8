package io.certgate.pki;

import org.bouncycastle.asn1.x509.CRLReason;

/** RFC 5280 §5.3.1 revocation reasons, as {@code certgate pki revoke --reason} names them. */
public enum CrlReason {
    UNSPECIFIED(CRLReason.unspecified),
    KEY_COMPROMISE(CRLReason.keyCompromise),
    CA_COMPROMISE(CRLReason.cACompromise),
    AFFILIATION_CHANGED(CRLReason.affiliationChanged),
    SUPERSEDED(CRLReason.superseded),
    CESSATION_OF_OPERATION(CRLReason.cessationOfOperation),
    CERTIFICATE_HOLD(CRLReason.certificateHold),
    PRIVILEGE_WITHDRAWN(CRLReason.privilegeWithdrawn);

    private final int code;

    CrlReason(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
