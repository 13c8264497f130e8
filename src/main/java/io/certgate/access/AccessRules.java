package io.certgate.access;

import io.certgate.config.AccessRuleConfig;
import io.certgate.identity.Identity;
import java.util.List;

/**
 * A location's access rule applied to an identity the client-certificate mode admitted. Deny
 * wins: denyUsers and denyGroups are read first. Then, when any allow list is given, the account
 * must be named in allowUsers or hold a group of allowGroups. Fail closed: an identity that is
 * not an account never passes a non-empty rule.
 */
final class AccessRules {

    private AccessRules() {
    }

    /** The decision for a non-empty rule. */
    static Decision apply(AccessRuleConfig rule, Identity identity) {
        if (identity instanceof Identity.Account account) {
            return account(rule, account);
        }
        if (identity instanceof Identity.CertificateOnly only) {
            return Decision.refuse(Refusal.MAPPER_DENIED, "certificate " + only.certificate().subject().shortLabel()
                    + " maps to no account, and this location admits accounts only", identity);
        }
        if (identity instanceof Identity.Denied denied) {
            return Decision.refuse(Refusal.MAPPER_DENIED, denied.why(), identity);
        }
        return Decision.refuse(Refusal.CLIENT_CERTIFICATE_REQUIRED, "this location admits accounts only, and no"
                + " client certificate was sent to identify one", identity);
    }

    private static Decision account(AccessRuleConfig rule, Identity.Account account) {
        String who = "account \"" + account.name() + "\"";
        if (rule.denyUsers().contains(account.name())) {
            return Decision.refuse(Refusal.ACCESS_DENIED, who + " is listed in this location's denyUsers", account);
        }
        String deniedGroup = firstShared(account.groups(), rule.denyGroups());
        if (deniedGroup != null) {
            return Decision.refuse(Refusal.ACCESS_DENIED, who + " is in group \"" + deniedGroup
                    + "\", which this location's denyGroups lists", account);
        }
        String by = " (" + account.mappedBy() + ")";
        if (rule.allowUsers().isEmpty() && rule.allowGroups().isEmpty()) {
            return Decision.allow(account, who + by + " is in neither denyUsers nor denyGroups of this location");
        }
        if (rule.allowUsers().contains(account.name())) {
            return Decision.allow(account, who + by + " is listed in this location's allowUsers");
        }
        String allowedGroup = firstShared(account.groups(), rule.allowGroups());
        if (allowedGroup != null) {
            return Decision.allow(account, who + by + " is in group \"" + allowedGroup
                    + "\", which this location's allowGroups lists");
        }
        return Decision.refuse(Refusal.ACCESS_DENIED, who + " (groups: " + listed(account.groups())
                + ") is not allowed here: allowUsers " + listed(rule.allowUsers()) + ", allowGroups "
                + listed(rule.allowGroups()), account);
    }

    /** The first of the account's groups (in its configured order) that the list names, or null. */
    private static String firstShared(List<String> groups, List<String> listed) {
        for (String group : groups) {
            if (listed.contains(group)) {
                return group;
            }
        }
        return null;
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
