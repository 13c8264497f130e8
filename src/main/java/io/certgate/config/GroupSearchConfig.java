package io.certgate.config;

/**
 * Groups found by a search rather than read from the account entry.
 *
 * @param filter with {@code {dn}} standing for the account's DN (escaped as an RFC 4515 value)
 * @param name the attribute of a group entry that is the group name
 */
public record GroupSearchConfig(String baseDn, String filter, String name) {
}
