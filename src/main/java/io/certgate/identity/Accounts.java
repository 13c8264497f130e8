package io.certgate.identity;

import io.certgate.config.AccountConfig;
import io.certgate.x509.CertificateFacts;

/** Turns a mapped account into an identity; one place, so both mapping kinds treat a disabled account alike. */
final class Accounts {

    private Accounts() {
    }

    /** The account, or 403.12 when it is disabled: a disabled account refuses every certificate mapped to it. */
    static Identity identity(AccountConfig account, CertificateFacts certificate, String mappedBy) {
        if (!account.enabled()) {
            return new Identity.Denied(certificate, disabled(account));
        }
        return new Identity.Account(account.name(), account.groups(), certificate, mappedBy);
    }

    static String disabled(AccountConfig account) {
        return "account \"" + account.name() + "\" is disabled";
    }

    /** Such as {@code account "sales" (groups: staff)}, for explanations. */
    static String describe(AccountConfig account) {
        return "account \"" + account.name() + "\" ("
                + (account.groups().isEmpty() ? "no groups" : "groups: " + String.join(", ", account.groups())) + ")";
    }
}
