package io.certgate.config;

import java.util.List;
import java.util.Optional;

/**
 * An ordered many-to-one mapping (IIS semantics): it matches when every rule matches; the
 * first enabled mapping that matches decides, allowing as {@code userName} or denying.
 *
 * @param userName the account for {@link PermissionMode#ALLOW}; empty for deny mappings
 */
public record ManyToOneMappingConfig(
        String name, PermissionMode permissionMode, Optional<String> userName, boolean enabled,
        List<MappingRuleConfig> rules, Origin origin) {
    public ManyToOneMappingConfig {
        rules = List.copyOf(rules);
    }
}
