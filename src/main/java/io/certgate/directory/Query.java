package io.certgate.directory;

import com.unboundid.ldap.sdk.Filter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What to look up: an account whose attribute holds one of some values, or the entry at a DN.
 * Values are never pasted into filter text: {@link Filter#createEqualityFilter} escapes them
 * (RFC 4515 §3), so a certificate subject holding {@code *)(uid=*} is a literal, not a wildcard.
 *
 * @param filter the account filter (ANDed with the directory's {@code userFilter}); empty for a DN lookup
 * @param dn the entry to read (scope base); empty for a search under {@code baseDn}
 * @param attributes attributes the caller needs besides the account name and groups
 */
public record Query(Optional<Filter> filter, Optional<String> dn, List<String> attributes) {

    public Query {
        attributes = List.copyOf(attributes);
    }

    /** Entries whose {@code attribute} equals any of {@code values} (case as the attribute's matching rule says). */
    public static Query anyOf(String attribute, List<String> values, String... needed) {
        List<Filter> each = new ArrayList<>();
        for (String value : values) {
            each.add(Filter.createEqualityFilter(attribute, value));
        }
        return new Query(Optional.of(each.size() == 1 ? each.get(0) : Filter.createORFilter(each)), Optional.empty(),
                attributes(attribute, needed));
    }

    /** Entries whose binary {@code attribute} (such as {@code objectSid}) equals {@code value}. */
    public static Query binary(String attribute, byte[] value, String... needed) {
        return new Query(Optional.of(Filter.createEqualityFilter(attribute, value)), Optional.empty(),
                attributes(attribute, needed));
    }

    /** The entry at {@code dn}, if the directory's {@code userFilter} admits it. */
    public static Query entryAt(String dn, String... needed) {
        return new Query(Optional.empty(), Optional.of(dn), Arrays.asList(needed));
    }

    private static List<String> attributes(String attribute, String... needed) {
        List<String> all = new ArrayList<>(Arrays.asList(needed));
        all.add(0, attribute);
        return all;
    }

    /** The filter as sent (values escaped), or the DN read: for explanations and logs. */
    public String describe(Optional<String> userFilter) {
        if (dn.isPresent()) {
            return "entry " + dn.get() + userFilter.map(f -> " matching " + f).orElse("");
        }
        return effectiveFilter(userFilter).toString();
    }

    Filter effectiveFilter(Optional<String> userFilter) {
        Filter own = filter.orElse(Filter.createPresenceFilter("objectClass"));
        if (userFilter.isEmpty()) {
            return own;
        }
        try {
            return Filter.createANDFilter(Filter.create(userFilter.get()), own);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            // The config binder parsed it; reaching here means a model was built around it.
            throw new IllegalArgumentException("userFilter is not an LDAP filter: " + userFilter.get(), e);
        }
    }
}
