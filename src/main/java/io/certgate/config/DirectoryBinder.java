package io.certgate.config;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the top-level {@code directories:} map and each site's {@code directoryMapping:} list.
 * Filters and DNs are parsed here (RFC 4515, RFC 4514), so a typo fails {@code check} with its
 * line rather than the first lookup. A bind password is only ever named ({@code file} or
 * {@code env}); an inline one is refused without being repeated in the message.
 */
final class DirectoryBinder {

    private DirectoryBinder() {
    }

    static Map<String, DirectoryConfig> directories(Section root) {
        Map<String, DirectoryConfig> directories = new LinkedHashMap<>();
        Optional<Section> section = root.section("directories");
        if (section.isEmpty()) {
            return directories;
        }
        Section all = section.get();
        for (String name : all.keys()) {
            all.section(name).ifPresent(s -> directory(name, s).ifPresent(d -> directories.put(name, d)));
            if (all.isNull(name)) {
                all.error(name, "expected the directory's settings (url, baseDn, ...)");
            }
        }
        return directories;
    }

    private static Optional<DirectoryConfig> directory(String name, Section s) {
        Optional<String> url = s.requiredString("url").map(String::trim);
        boolean startTls = s.bool("startTLS", false);
        url.ifPresent(u -> checkUrl(s, u, startTls));
        List<FileRef> roots = s.files("trustedRoots");
        roots.forEach(f -> s.requireReadable(f, true));
        Optional<String> bindDn = s.string("bindDn").map(String::trim);
        bindDn.ifPresent(dn -> checkDn(s, "bindDn", dn));
        Optional<SecretRef> password = secret(s, "bindPassword");
        if (bindDn.isPresent() && password.isEmpty() && !s.has("bindPassword")) {
            s.error("bindDn", "needs bindPassword: { file: ... } or { env: ... } (without bindDn the bind is anonymous)");
        }
        if (bindDn.isEmpty() && password.isPresent()) {
            s.error("bindPassword", "needs bindDn: the DN the password belongs to");
        }
        Optional<String> baseDn = s.requiredString("baseDn").map(String::trim);
        baseDn.ifPresent(dn -> checkDn(s, "baseDn", dn));
        Optional<String> userFilter = s.string("userFilter").map(String::trim);
        userFilter.ifPresent(f -> checkFilter(s, "userFilter", f));
        String userName = s.string("userName", DirectoryConfig.DEFAULT_USER_NAME).trim();
        Optional<String> groups = s.string("groups").map(String::trim);
        Optional<GroupSearchConfig> groupSearch = s.section("groupSearch").map(DirectoryBinder::groupSearch);
        if (groups.isPresent() && s.has("groupSearch")) {
            s.error("groupSearch", "give either groups (an attribute of the account) or groupSearch, not both");
        }
        Optional<String> disabled = s.string("disabled").map(String::trim);
        disabled.ifPresent(f -> checkFilter(s, "disabled", f));
        Duration timeout = s.duration("timeout", DirectoryConfig.DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            s.error("timeout", "expected a positive duration such as 3s, got 0");
            timeout = DirectoryConfig.DEFAULT_TIMEOUT;
        }
        Duration cacheTtl = s.duration("cacheTtl", DirectoryConfig.DEFAULT_CACHE_TTL);
        DirectoryOnUnavailable onUnavailable = s.enumValue("onUnavailable", DirectoryOnUnavailable.class,
                DirectoryOnUnavailable.DENY);
        Duration maxStale = s.duration("maxStale", DirectoryConfig.DEFAULT_MAX_STALE);
        s.finish();
        if (url.isEmpty() || baseDn.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DirectoryConfig(name, url.get(), startTls, roots, bindDn, password, baseDn.get(),
                userFilter, userName, groups, groupSearch, disabled, timeout, cacheTtl, onUnavailable, maxStale,
                s.origin()));
    }

    private static void checkUrl(Section s, String url, boolean startTls) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("ldap://") && !lower.startsWith("ldaps://")) {
            s.error("url", "expected ldap://host:port or ldaps://host:port, got \"" + url + "\"");
            return;
        }
        try {
            LDAPURL parsed = new LDAPURL(url);
            if (!parsed.hostProvided()) {
                s.error("url", "needs a host, such as ldap://dc1.example.com:389");
            }
        } catch (LDAPException e) {
            s.error("url", "is not an LDAP URL (RFC 4516): " + e.getDiagnosticMessage());
        }
        if (startTls && lower.startsWith("ldaps://")) {
            s.error("startTLS", "ldaps:// is TLS from the first byte; startTLS is for ldap:// URLs");
        }
    }

    /** {@code { file: path }} or {@code { env: NAME }}; an inline value is refused and never echoed. */
    private static Optional<SecretRef> secret(Section s, String key) {
        if (!s.has(key)) {
            return Optional.empty();
        }
        Optional<Section> section = s.isMap(key) ? s.section(key) : Optional.empty();
        if (section.isEmpty()) {
            s.report(s.origin(key).error("never inline: write { file: secrets/ldap.pw } or { env: CERTGATE_LDAP_PW }"));
            return Optional.empty();
        }
        Section ref = section.get();
        Optional<FileRef> file = ref.file("file");
        Optional<String> env = ref.string("env").map(String::trim);
        ref.finish();
        if (file.isPresent() == env.isPresent()) {
            s.error(key, "give either file or env, not both or neither");
            return Optional.empty();
        }
        file.ifPresent(f -> ref.requireReadable(f, false));
        if (env.isPresent() && System.getenv(env.get()) == null) {
            ref.error("env", "the environment variable " + env.get() + " is not set");
        }
        return Optional.of(new SecretRef(file, env, s.origin(key)));
    }

    private static GroupSearchConfig groupSearch(Section s) {
        String baseDn = s.requiredString("baseDn").map(String::trim).orElse("");
        if (!baseDn.isEmpty()) {
            checkDn(s, "baseDn", baseDn);
        }
        String filter = s.requiredString("filter").map(String::trim).orElse("");
        if (!filter.isEmpty()) {
            if (!filter.contains("{dn}")) {
                s.error("filter", "needs {dn} where the account's DN goes, such as (member={dn})");
            }
            checkFilter(s, "filter", filter.replace("{dn}", "x"));
        }
        String name = s.string("name", "cn").trim();
        s.finish();
        return new GroupSearchConfig(baseDn, filter, name);
    }

    static List<DirectoryMappingConfig> mappings(Section site, Map<String, DirectoryConfig> directories) {
        List<DirectoryMappingConfig> mappings = new ArrayList<>();
        for (Section s : site.sections("directoryMapping")) {
            Optional<String> directory = s.requiredString("directory").map(String::trim);
            directory.filter(d -> !directories.containsKey(d)).ifPresent(d -> s.error("directory",
                    "no directory \"" + d + "\" in directories" + (directories.isEmpty() ? " (none is configured)"
                            : " (known: " + String.join(", ", directories.keySet()) + ")")));
            Optional<MappingForm> form = s.requiredString("form").flatMap(f -> form(s, f));
            Optional<String> attribute = s.string("attribute").map(String::trim);
            MappingStrength strength = s.enumValue("strength", MappingStrength.class, MappingStrength.STRONG);
            s.finish();
            if (directory.isPresent() && form.isPresent()) {
                mappings.add(new DirectoryMappingConfig(directory.get(), form.get(), attribute, strength, s.origin()));
            }
        }
        return mappings;
    }

    private static Optional<MappingForm> form(Section s, String text) {
        for (MappingForm form : MappingForm.values()) {
            if (form.yamlName().equalsIgnoreCase(text.trim())) {
                return Optional.of(form);
            }
        }
        s.error("form", "expected one of " + String.join(", ", MappingForm.yamlNames()) + ", got \"" + text + "\"");
        return Optional.empty();
    }

    private static void checkFilter(Section s, String key, String filter) {
        try {
            Filter.create(filter);
        } catch (LDAPException e) {
            s.error(key, "is not an LDAP filter (RFC 4515), such as (objectClass=user): " + e.getDiagnosticMessage());
        }
    }

    private static void checkDn(Section s, String key, String dn) {
        if (!DN.isValidDN(dn)) {
            s.error(key, "is not a DN (RFC 4514), such as dc=example,dc=com: \"" + dn + "\"");
        }
    }
}
