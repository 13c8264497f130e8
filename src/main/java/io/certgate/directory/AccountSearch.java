package io.certgate.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.certgate.config.DirectoryConfig;
import io.certgate.config.GroupSearchConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One account lookup against the directory, blocking: the search (stopped at two entries, since
 * two already mean "ambiguous"), then for the one entry found whether it is disabled and its
 * groups. Runs on the directory's executor only.
 */
final class AccountSearch {

    /** Two entries are enough to know a lookup is ambiguous; more would only cost time. */
    static final int ENOUGH_TO_BE_AMBIGUOUS = 2;
    /** Groups read per account with groupSearch; an account in more is cut here (and logged by explain). */
    static final int MAX_GROUPS = 1000;

    private final DirectoryConfig config;

    AccountSearch(DirectoryConfig config) {
        this.config = config;
    }

    Lookup run(LDAPConnectionPool pool, Query query) throws LDAPException {
        String described = query.describe(config.userFilter());
        List<String> attributes = new ArrayList<>(query.attributes());
        attributes.add(config.userName());
        config.groups().ifPresent(attributes::add);
        SearchRequest request = query.dn().isPresent()
                ? new SearchRequest(query.dn().get(), SearchScope.BASE,
                        query.effectiveFilter(config.userFilter()), attributes.toArray(new String[0]))
                : new SearchRequest(config.baseDn(), SearchScope.SUB, query.effectiveFilter(config.userFilter()),
                        attributes.toArray(new String[0]));
        request.setSizeLimit(ENOUGH_TO_BE_AMBIGUOUS);
        request.setTimeLimitSeconds((int) Math.max(1, config.timeout().toSeconds()));
        request.setResponseTimeoutMillis(config.timeout().toMillis());
        List<SearchResultEntry> entries;
        try {
            SearchResult result = pool.search(request);
            entries = result.getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                entries = e.getSearchEntries();
            } else if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT && query.dn().isPresent()) {
                entries = List.of(); // the DN names no entry: not found, not an error
            } else {
                throw e;
            }
        }
        if (entries.isEmpty()) {
            return new Lookup(config.name(), described, Lookup.Result.NOT_FOUND, Optional.empty(), List.of(), "",
                    Lookup.CacheState.MISS);
        }
        if (entries.size() > 1) {
            return new Lookup(config.name(), described, Lookup.Result.AMBIGUOUS, Optional.empty(),
                    entries.stream().map(SearchResultEntry::getDN).toList(), "", Lookup.CacheState.MISS);
        }
        SearchResultEntry entry = entries.get(0);
        DirectoryAccount account = new DirectoryAccount(entry.getDN(), name(entry), groups(pool, entry),
                disabled(pool, entry), values(entry));
        return new Lookup(config.name(), described, Lookup.Result.FOUND, Optional.of(account), List.of(), "",
                Lookup.CacheState.MISS);
    }

    private String name(SearchResultEntry entry) {
        String name = entry.getAttributeValue(config.userName());
        return name != null ? name : firstRdnValue(entry.getDN());
    }

    /** Evaluated here when the SDK can, else by the directory (AD's bit-AND rule 1.2.840.113556.1.4.803 needs the server). */
    private boolean disabled(LDAPConnectionPool pool, SearchResultEntry entry) throws LDAPException {
        if (config.disabled().isEmpty()) {
            return false;
        }
        Filter disabled = Filter.create(config.disabled().get());
        SearchRequest request = new SearchRequest(entry.getDN(), SearchScope.BASE, disabled, "1.1");
        request.setResponseTimeoutMillis(config.timeout().toMillis());
        return pool.search(request).getEntryCount() > 0;
    }

    private List<String> groups(LDAPConnectionPool pool, SearchResultEntry entry) throws LDAPException {
        Set<String> names = new LinkedHashSet<>();
        if (config.groups().isPresent()) {
            String[] dns = entry.getAttributeValues(config.groups().get());
            for (String dn : dns == null ? new String[0] : dns) {
                names.add(firstRdnValue(dn));
            }
        }
        if (config.groupSearch().isPresent()) {
            GroupSearchConfig search = config.groupSearch().get();
            // RFC 4515 §3: the DN is a value inside the filter, so it is escaped like one.
            Filter filter = Filter.create(search.filter().replace("{dn}", Filter.encodeValue(entry.getDN())));
            SearchRequest request = new SearchRequest(search.baseDn(), SearchScope.SUB, filter, search.name());
            request.setSizeLimit(MAX_GROUPS);
            request.setResponseTimeoutMillis(config.timeout().toMillis());
            List<SearchResultEntry> groups;
            try {
                groups = pool.search(request).getSearchEntries();
            } catch (LDAPSearchException e) {
                if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                    throw e;
                }
                groups = e.getSearchEntries();
            }
            for (SearchResultEntry group : groups) {
                String name = group.getAttributeValue(search.name());
                names.add(name != null ? name : firstRdnValue(group.getDN()));
            }
        }
        return List.copyOf(names);
    }

    private static Map<String, List<byte[]>> values(SearchResultEntry entry) {
        Map<String, List<byte[]>> values = new HashMap<>();
        for (Attribute attribute : entry.getAttributes()) {
            // "objectSid;binary" and "objectSid" are one attribute to the mapper.
            values.put(attribute.getBaseName().toLowerCase(Locale.ROOT), List.of(attribute.getValueByteArrays()));
        }
        return values;
    }

    /** {@code CN=Sales,OU=Groups,DC=example,DC=com} is group {@code Sales}. */
    static String firstRdnValue(String dn) {
        try {
            String[] values = new DN(dn).getRDN().getAttributeValues();
            return values.length == 0 ? dn : values[0];
        } catch (LDAPException | NullPointerException e) {
            return dn;
        }
    }
}
