package io.certgate.config;

import java.util.List;

/**
 * Who may use a location, by account and group. Deny wins over allow. When any allow list is
 * given, an account must be in {@code allowUsers} or in a group of {@code allowGroups}.
 */
public record AccessRuleConfig(List<String> allowUsers, List<String> allowGroups,
                               List<String> denyUsers, List<String> denyGroups) {

    public static final AccessRuleConfig NONE = new AccessRuleConfig(List.of(), List.of(), List.of(), List.of());

    public AccessRuleConfig {
        allowUsers = List.copyOf(allowUsers);
        allowGroups = List.copyOf(allowGroups);
        denyUsers = List.copyOf(denyUsers);
        denyGroups = List.copyOf(denyGroups);
    }

    /** True when the location has no rule: any identity the mode admits may pass. */
    public boolean isEmpty() {
        return allowUsers.isEmpty() && allowGroups.isEmpty() && denyUsers.isEmpty() && denyGroups.isEmpty();
    }
}
