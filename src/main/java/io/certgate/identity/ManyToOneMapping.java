package io.certgate.identity;

import io.certgate.config.AccountConfig;
import io.certgate.config.PermissionMode;
import io.certgate.x509.CertificateFacts;
import java.util.List;

/**
 * One compiled many-to-one mapping (IIS semantics): it matches when all of its rules match,
 * and then either maps to its account or denies.
 */
final class ManyToOneMapping {

    private final String name;
    private final PermissionMode mode;
    /** The account of an allow mapping; null for a deny mapping. */
    private final AccountConfig account;
    private final boolean enabled;
    private final FieldRule[] rules;

    ManyToOneMapping(String name, PermissionMode mode, AccountConfig account, boolean enabled, List<FieldRule> rules) {
        this.name = name;
        this.mode = mode;
        this.account = account;
        this.enabled = enabled;
        this.rules = rules.toArray(new FieldRule[0]);
    }

    /** All-of: the first rule that fails ends the test. */
    boolean matches(CertificateFacts certificate) {
        for (FieldRule rule : rules) {
            if (!rule.matches(certificate)) {
                return false;
            }
        }
        return true;
    }

    /** The 0-based index of the first rule that does not match, or -1 when all match. */
    int firstFailingRule(CertificateFacts certificate) {
        for (int i = 0; i < rules.length; i++) {
            if (!rules[i].matches(certificate)) {
                return i;
            }
        }
        return -1;
    }

    /** What this mapping makes of a certificate all of whose rules matched. */
    Identity decide(CertificateFacts certificate) {
        if (mode == PermissionMode.DENY) {
            return new Identity.Denied(certificate, "many-to-one mapping \"" + name + "\" denies this certificate");
        }
        return Accounts.identity(account, certificate, "many-to-one mapping \"" + name + "\"");
    }

    String name() {
        return name;
    }

    PermissionMode mode() {
        return mode;
    }

    /** The account of an allow mapping; null for a deny mapping. */
    AccountConfig account() {
        return account;
    }

    boolean enabled() {
        return enabled;
    }

    FieldRule rule(int index) {
        return rules[index];
    }

    int ruleCount() {
        return rules.length;
    }
}
