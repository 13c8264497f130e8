package io.certgate.pki;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.CRLReason;

/** RFC 5280 §5.3.1 revocation reasons, as {@code certgate pki revoke --reason} names them. */
public enum CrlReason {
    UNSPECIFIED(CRLReason.unspecified, "unspecified"),
    KEY_COMPROMISE(CRLReason.keyCompromise, "keyCompromise"),
    CA_COMPROMISE(CRLReason.cACompromise, "cACompromise"),
    AFFILIATION_CHANGED(CRLReason.affiliationChanged, "affiliationChanged"),
    SUPERSEDED(CRLReason.superseded, "superseded"),
    CESSATION_OF_OPERATION(CRLReason.cessationOfOperation, "cessationOfOperation"),
    CERTIFICATE_HOLD(CRLReason.certificateHold, "certificateHold"),
    PRIVILEGE_WITHDRAWN(CRLReason.privilegeWithdrawn, "privilegeWithdrawn");

    private final int code;
    private final String rfcName;

    CrlReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    int code() {
        return code;
    }

    /** The name RFC 5280 and {@code openssl ca -crl_reason} use, such as {@code keyCompromise}. */
    public String rfcName() {
        return rfcName;
    }

    /** The reason named {@code name} (RFC 5280 spelling, any case, dashes and underscores ignored). */
    public static Optional<CrlReason> parse(String name) {
        String wanted = name.replace("-", "").replace("_", "");
        return Arrays.stream(values()).filter(r -> r.rfcName.equalsIgnoreCase(wanted)).findFirst();
    }

    /** Every reason's RFC 5280 name, for help and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(CrlReason::rfcName).collect(Collectors.joining(", "));
    }
}
