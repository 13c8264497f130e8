package io.certgate.config;

import java.util.List;

/**
 * An account that certificates map to.
 *
 * @param enabled false refuses every certificate mapped to it with 403.12
 */
public record AccountConfig(String name, List<String> groups, boolean enabled, Origin origin) {
    public AccountConfig {
        groups = List.copyOf(groups);
    }
}
