package io.certgate.directory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one entry a lookup found.
 *
 * @param name the value of the directory's {@code userName} attribute (the first RDN value of the DN when it has none)
 * @param groups group names: first RDN values of {@code groups} DNs, or the {@code groupSearch} results
 * @param disabled true when the entry matches the directory's {@code disabled} filter
 * @param values the requested attributes' values by lower-case attribute name, as the directory sent them
 */
public record DirectoryAccount(String dn, String name, List<String> groups, boolean disabled,
                               Map<String, List<byte[]>> values) {

    public DirectoryAccount {
        groups = List.copyOf(groups);
        values = Map.copyOf(values);
    }

    /** The values of an attribute as text (UTF-8, as LDAP strings are: RFC 4511 §4.1.2). */
    public List<String> strings(String attribute) {
        return binary(attribute).stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    public List<byte[]> binary(String attribute) {
        return values.getOrDefault(attribute.toLowerCase(Locale.ROOT), List.of());
    }
}
