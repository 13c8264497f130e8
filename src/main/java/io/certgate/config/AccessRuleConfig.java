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

    /** The rule as a person reads it: "allowUsers [alice], denyGroups [contractors]". */
    public String describe() {
        StringBuilder text = new StringBuilder();
        append(text, "allowUsers", allowUsers);
        append(text, "allowGroups", allowGroups);
        append(text, "denyUsers", denyUsers);
        append(text, "denyGroups", denyGroups);
        return text.length() == 0 ? "none" : text.toString();
    }

    private static void append(StringBuilder text, String name, List<String> values) {
        if (!values.isEmpty()) {
            text.append(text.length() == 0 ? "" : ", ").append(name).append(' ').append(values);
        }
    }

    /** True when the location has no rule: any identity the mode admits may pass. */
    public boolean isEmpty() {
        return allowUsers.isEmpty() && allowGroups.isEmpty() && denyUsers.isEmpty() && denyGroups.isEmpty();
    }
}
