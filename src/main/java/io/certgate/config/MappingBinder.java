package io.certgate.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds a site's {@code accounts}, {@code oneToOneMappings} and {@code manyToOneMappings}. */
final class MappingBinder {

    private MappingBinder() {
    }

    static Map<String, AccountConfig> accounts(Section site) {
        Map<String, AccountConfig> accounts = new LinkedHashMap<>();
        Optional<Section> section = site.section("accounts");
        if (section.isEmpty()) {
            return accounts;
        }
        Section all = section.get();
        for (String name : all.keys()) {
            Optional<Section> account = all.section(name);
            if (account.isEmpty()) {
                // "carol:" alone (null) means an enabled account without groups; anything else that
                // is not a map was already reported by section().
                if (all.isNull(name)) {
                    accounts.put(name, new AccountConfig(name, List.of(), true, all.origin(name)));
                }
                continue;
            }
            Section a = account.get();
            List<String> groups = a.strings("groups");
            boolean enabled = a.bool("enabled", true);
            a.finish();
            accounts.put(name, new AccountConfig(name, groups, enabled, all.origin(name)));
        }
        return accounts;
    }

    static List<OneToOneMappingConfig> oneToOne(Section site, Map<String, AccountConfig> accounts) {
        List<OneToOneMappingConfig> mappings = new ArrayList<>();
        for (Section s : site.sections("oneToOneMappings")) {
            Optional<FileRef> certificate = s.file("certificate");
            certificate.ifPresent(f -> s.requireReadable(f, false));
            // Kept as written: the identity package reads it (x509's Fingerprint.parse, which takes
            // openssl's whole output line too) and reports a bad one at this key.
            Optional<String> sha256 = s.string("sha256").map(String::trim);
            if (certificate.isPresent() == s.has("sha256")) {
                s.error("certificate", "give either certificate (a file) or sha256 (a fingerprint), not both or neither");
            }
            Optional<String> userName = s.requiredString("userName");
            userName.ifPresent(u -> requireAccount(s, "userName", u, accounts));
            boolean enabled = s.bool("enabled", true);
            s.finish();
            if (userName.isPresent()) {
                mappings.add(new OneToOneMappingConfig(certificate, sha256.filter(h -> !h.isEmpty()), userName.get(),
                        enabled, s.origin()));
            }
        }
        return mappings;
    }

    static List<ManyToOneMappingConfig> manyToOne(Section site, Map<String, AccountConfig> accounts) {
        List<ManyToOneMappingConfig> mappings = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Section> sections = site.sections("manyToOneMappings");
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            String name = s.string("name", "mapping" + (i + 1));
            if (!names.add(name)) {
                s.error("name", "\"" + name + "\" names another mapping too");
            }
            PermissionMode mode = s.enumValue("permissionMode", PermissionMode.class, PermissionMode.ALLOW);
            Optional<String> userName = s.string("userName");
            if (mode == PermissionMode.ALLOW) {
                if (userName.isEmpty()) {
                    s.error("userName", "required for permissionMode: allow: the account certificates map to");
                } else {
                    requireAccount(s, "userName", userName.get(), accounts);
                }
            }
            boolean enabled = s.bool("enabled", true);
            s.string("description");
            List<MappingRuleConfig> rules = new ArrayList<>();
            List<Section> ruleSections = s.sections("rules");
            for (Section r : ruleSections) {
                rule(r).ifPresent(rules::add);
            }
            // A rule with a mistake has its own error; "no rules" is for a mapping that wrote none.
            if (ruleSections.isEmpty()) {
                s.error("rules", "required: at least one rule (a mapping without rules would match every certificate)");
            }
            s.finish();
            mappings.add(new ManyToOneMappingConfig(name, mode, mode == PermissionMode.ALLOW ? userName : Optional.empty(),
                    enabled, rules, s.origin()));
        }
        return mappings;
    }

    private static Optional<MappingRuleConfig> rule(Section r) {
        if (!r.has("certificateField")) {
            r.error("certificateField", "required: subject, issuer, san, policy or eku");
        }
        CertificateField field = r.enumValue("certificateField", CertificateField.class, null);
        if (field != null && field.holdsOids()) {
            return oidRule(r, field);
        }
        if (!r.has("certificateSubField")) {
            r.error("certificateSubField", "required: CN, O, OU, L, ST, C, E or DC (subject, issuer); email, dns, uri"
                    + " or upn (san)");
        }
        CertificateSubField subField = r.enumValue("certificateSubField", CertificateSubField.class, null);
        Optional<String> criteria = r.requiredString("matchCriteria");
        criteria.filter(String::isEmpty).ifPresent(c -> r.error("matchCriteria", "must not be empty; use \"*\" to match any value"));
        boolean caseSensitive = r.bool("compareCaseSensitive", true);
        r.finish();
        if (field != null && subField != null && !subField.fits(field)) {
            r.error("certificateSubField", Section.yamlName(subField) + " is not a sub-field of " + Section.yamlName(field)
                    + (field == CertificateField.SAN ? " (san has email, dns, uri, upn)"
                    : " (" + Section.yamlName(field) + " has CN, O, OU, L, ST, C, E, DC)"));
            return Optional.empty();
        }
        if (field == null || subField == null || criteria.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MappingRuleConfig(field, subField, criteria.get(), caseSensitive, r.origin()));
    }

    /** A {@code policy} or {@code eku} rule: no sub-field, no case, an OID pattern (or, for eku, a purpose name). */
    private static Optional<MappingRuleConfig> oidRule(Section r, CertificateField field) {
        String name = Section.yamlName(field);
        if (r.has("certificateSubField")) {
            r.error("certificateSubField", name + " has no sub-fields: remove certificateSubField");
        }
        if (r.has("compareCaseSensitive")) {
            r.error("compareCaseSensitive", name + " compares OIDs, which have no case: remove compareCaseSensitive");
        }
        Optional<String> criteria = r.requiredString("matchCriteria").map(String::trim);
        r.finish();
        if (criteria.isEmpty()) {
            return Optional.empty();
        }
        String pattern = criteria.get();
        if (field == CertificateField.EKU && KeyPurpose.named(pattern).isPresent()) {
            return Optional.of(new MappingRuleConfig(field, Optional.empty(), pattern, true, r.origin()));
        }
        Optional<String> problem = OidPattern.problem(pattern);
        if (problem.isPresent()) {
            r.error("matchCriteria", "\"" + pattern + "\" " + problem.get() + "; expected an OID such as "
                    + (field == CertificateField.POLICY ? "2.16.840.1.101.3.2.1.3.13" : "1.3.6.1.5.5.7.3.2")
                    + ", where * stands for any run of characters"
                    + (field == CertificateField.EKU ? ", or one of " + KeyPurpose.names() : ""));
            return Optional.empty();
        }
        return Optional.of(new MappingRuleConfig(field, Optional.empty(), pattern, true, r.origin()));
    }

    static void requireAccount(Section s, String key, String name, Map<String, AccountConfig> accounts) {
        if (!accounts.containsKey(name)) {
            s.error(key, "no account \"" + name + "\" in this site's accounts" + (accounts.isEmpty() ? " (it has none)"
                    : " (known: " + String.join(", ", accounts.keySet()) + ")"));
        }
    }
}
