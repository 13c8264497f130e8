package io.certgate.access;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.identity.Identity;
import io.certgate.validation.Verdict;

/**
 * The access decision for one request (KB 907274, SPEC §4). Its steps run in this order and
 * the first that refuses decides:
 *
 * <ol>
 *   <li><b>Mode × verdict.</b> {@code ignore}: anonymous, a certificate that arrived anyway is
 *       discarded. {@code accept}: no certificate is anonymous. {@code require}: no certificate
 *       is 403.7. Under both {@code accept} and {@code require} an invalid certificate is
 *       403.13 (revoked, revocation unknown), 403.17 (expired, not yet valid) or 403.16
 *       (everything else).</li>
 *   <li><b>Mapping.</b> A valid certificate that a deny mapping matched, or that maps to a
 *       disabled account ({@link Identity.Denied}), is 403.12; one whose directory did not
 *       answer ({@link Identity.Unavailable}) is 503 {@code directory-unavailable}.</li>
 *   <li><b>Access rule</b>, only when the location has one ({@link AccessRuleConfig#isEmpty()}
 *       lets every admitted identity pass). Deny wins: an account in {@code denyUsers}, or with
 *       a group in {@code denyGroups}, is 401.3. Then all-of-one-list: when {@code allowUsers}
 *       or {@code allowGroups} is given, an account named in neither (by name, or by one of its
 *       groups) is 401.3. A certificate that maps to no account is 403.12; no certificate at
 *       all is 403.7: a rule names accounts, so it needs one.</li>
 * </ol>
 *
 * <p>Fail closed: an outcome this table does not know refuses with 403.16, and an identity
 * that is not an account never passes a non-empty rule.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /**
     * Decides on a request.
     *
     * @param identity who the certificate maps to; used only when the certificate is valid and kept
     * @param rule the location's access rule; {@link AccessRuleConfig#NONE} when it has none
     */
    public static Decision decide(ClientCertMode mode, Verdict verdict, Identity identity, AccessRuleConfig rule) {
        if (mode == ClientCertMode.IGNORE) {
            if (!rule.isEmpty()) {
                // The config refuses this pair; if a model is built around it, the rule must still hold.
                return Decision.refuse(Refusal.CLIENT_CERTIFICATE_REQUIRED, "this location's access rule needs a"
                        + " certificate to identify the account, but its mode ignore discards certificates",
                        Identity.ANONYMOUS);
            }
            return Decision.allow(Identity.ANONYMOUS, "client certificates are ignored here");
        }
        switch (verdict.outcome()) {
            case MISSING -> {
                if (mode == ClientCertMode.REQUIRE) {
                    return Decision.refuse(Refusal.CLIENT_CERTIFICATE_REQUIRED,
                            "this location requires a client certificate and none was sent", Identity.ANONYMOUS);
                }
                return admit(Identity.ANONYMOUS, "no client certificate; admitted anonymously (mode accept)", rule);
            }
            case VALID -> {
                if (identity instanceof Identity.Denied denied) {
                    return Decision.refuse(Refusal.MAPPER_DENIED, denied.why(), identity);
                }
                if (identity instanceof Identity.Unavailable unavailable) {
                    // Fail closed, but say it is the directory: a retry may succeed, unlike a 403.
                    return Decision.refuse(Refusal.DIRECTORY_UNAVAILABLE, unavailable.why(),
                            "the directory that maps certificates to accounts did not answer", identity);
                }
                return admit(identity, identity instanceof Identity.Account account
                        ? "valid client certificate of account \"" + account.name() + "\" (" + account.mappedBy() + ")"
                        : "valid client certificate", rule);
            }
            case EXPIRED -> {
                return Decision.refuse(Refusal.CLIENT_CERTIFICATE_EXPIRED, verdict.detail(), verdict.publicDetail(),
                        Identity.ANONYMOUS);
            }
            case REVOKED, REVOCATION_UNKNOWN -> {
                return Decision.refuse(Refusal.CLIENT_CERTIFICATE_REVOKED, verdict.detail(), verdict.publicDetail(),
                        Identity.ANONYMOUS);
            }
            default -> {
                return Decision.refuse(Refusal.CLIENT_CERTIFICATE_UNTRUSTED, verdict.detail(), verdict.publicDetail(),
                        Identity.ANONYMOUS);
            }
        }
    }

    /** The identity the mode admitted, if the location's rule lets it pass. */
    private static Decision admit(Identity identity, String detail, AccessRuleConfig rule) {
        return rule.isEmpty() ? Decision.allow(identity, detail) : AccessRules.apply(rule, identity);
    }
}
