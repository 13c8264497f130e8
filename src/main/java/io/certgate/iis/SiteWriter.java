package io.certgate.iis;

import static io.certgate.iis.CertgateYamlWriter.quote;

import io.certgate.iis.IisModel.IisMapping;
import io.certgate.iis.IisModel.LocationSettings;
import io.certgate.iis.IisModel.ManyToOne;
import io.certgate.iis.IisModel.OneToOne;
import io.certgate.iis.IisModel.Rule;
import io.certgate.iis.IisModel.Site;
import io.certgate.x509.Fingerprint;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Writes one certgate site for one IIS site (see {@link CertgateYamlWriter}). */
final class SiteWriter {

    /** IIS's subject/issuer sub-fields and certgate's names for them (IIS writes S for the state). */
    private static final Set<String> SUB_FIELDS = Set.of("CN", "O", "OU", "L", "ST", "C", "E", "DC");

    private final CertgateYamlWriter w;
    private final Site site;
    private final List<LocationSettings> settings;
    private final String slug;

    SiteWriter(CertgateYamlWriter w, Site site, List<LocationSettings> settings) {
        this.w = w;
        this.site = site;
        this.settings = settings;
        this.slug = CertgateYamlWriter.slug(site.name());
    }

    void write() {
        w.line("  - hosts: [" + String.join(", ", CertgateYamlWriter.hosts(site).stream().map(CertgateYamlWriter::quote)
                .toList()) + "]   # IIS site " + quote(site.name()) + " (id " + site.id() + ")");
        w.line("    certificate: " + quote("tls/" + slug + ".pem") + "   # placeholder: the binding's certificate, as PEM");
        w.line("    key: " + quote("tls/" + slug + ".key"));
        Optional<LocationSettings> siteLevel = settings.stream().filter(l -> isSite(l) && l.sslFlags().isPresent())
                .reduce((first, second) -> second);
        String siteMode = siteLevel.flatMap(LocationSettings::sslFlags).map(f -> mode(f, siteLevel.get())).orElse("ignore");
        w.line("    clientCertificates:");
        w.line("      mode: " + siteMode + siteLevel.map(l -> "   # sslFlags " + quote(String.join(", ", l.sslFlags().get()))
                + (l.path().isEmpty() ? " (server-wide)" : "")).orElse("   # no sslFlags: IIS ignores certificates"));
        w.line("      trustedRoots: [" + quote(CertgateYamlWriter.CLIENT_ROOTS)
                + "]   # placeholder: IIS trusts the machine's root store");
        mappings();
        locations(siteMode);
    }

    private boolean isSite(LocationSettings l) {
        return l.path().isEmpty() || l.path().equalsIgnoreCase(site.name());
    }

    /** KB 907274 / IIS sslFlags: SslRequireCert → require, SslNegotiateCert → accept, else ignore. */
    private String mode(List<String> flags, LocationSettings where) {
        Set<String> set = new LinkedHashSet<>();
        flags.forEach(f -> set.add(f.toLowerCase(Locale.ROOT)));
        if (!set.contains("ssl") && !set.contains("none")) {
            w.warn("location " + quote(where.path()) + " (line " + where.line() + ") did not require SSL in IIS;"
                    + " certgate serves it over https only");
        }
        if (set.contains("sslrequirecert")) {
            return "require";
        }
        return set.contains("sslnegotiatecert") ? "accept" : "ignore";
    }

    private void mappings() {
        Optional<LocationSettings> source = CertgateYamlWriter.mappingSource(settings);
        // The deepest section that sets it wins, as IIS inherits: a site's enabled="false" overrides the server's.
        Optional<LocationSettings> directory = directoryMapper(settings);
        if (source.isPresent()) {
            LocationSettings from = source.get();
            if (!isSite(from)) {
                w.warn("the mappings of location " + quote(from.path()) + " (line " + from.line()
                        + ") become the mappings of the whole site: certgate maps per site");
            }
            writeMappings(source.get().iisMapping().get(), from);
        }
        directory.ifPresent(this::directoryMapping);
    }

    /**
     * Where the Active Directory mapper is enabled for a site, if it is: the deepest section that
     * sets it wins, as IIS inherits (a site's enabled="false" overrides the server's).
     */
    static Optional<LocationSettings> directoryMapper(List<LocationSettings> settings) {
        return settings.stream().filter(l -> l.directoryMapper().isPresent())
                .reduce((outer, inner) -> inner.path().length() >= outer.path().length() ? inner : outer)
                .filter(l -> l.directoryMapper().get());
    }

    private void writeMappings(IisMapping m, LocationSettings from) {
        List<String> accounts = new ArrayList<>();
        List<String> oneToOne = new ArrayList<>();
        List<String> manyToOne = new ArrayList<>();
        if (!m.enabled()) {
            w.line("    # iisClientCertificateMappingAuthentication is disabled in IIS (line " + from.line()
                    + "): its mappings are carried over with enabled: false");
        }
        for (OneToOne o : m.oneToOne()) {
            oneToOne(o, m.enabled() && m.oneToOneEnabled(), accounts, oneToOne);
        }
        for (ManyToOne o : m.manyToOne()) {
            manyToOne(o, m.enabled() && m.manyToOneEnabled(), accounts, manyToOne);
        }
        if (!accounts.isEmpty()) {
            w.line("    accounts:                        # IIS user names; their groups live in Windows: list them here");
            for (String a : accounts) {
                w.line("      " + quote(a) + ":");
            }
        }
        list("oneToOneMappings:                # each certificate by its SHA-256 fingerprint", oneToOne);
        list("manyToOneMappings:", manyToOne);
    }

    /** A list key with its entries; comments alone go without the key (an empty key is null to YAML). */
    private void list(String key, List<String> lines) {
        if (lines.stream().anyMatch(l -> !l.trim().startsWith("#"))) {
            w.line("    " + key);
        }
        lines.forEach(w::line);
    }

    private void oneToOne(OneToOne o, boolean enabled, List<String> accounts, List<String> lines) {
        X509Certificate certificate;
        try {
            byte[] der = Base64.getDecoder().decode(o.certificate());
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            lines.add("      # line " + o.line() + ": the certificate of " + quote(o.userName())
                    + " is not a base64 DER certificate: not converted");
            w.warn("one-to-one mapping at line " + o.line() + " for " + quote(o.userName())
                    + " has no readable certificate; skipped");
            return;
        }
        addAccount(accounts, o.userName(), o.hasPassword());
        lines.add("      - sha256: " + quote(Fingerprint.sha256(certificate).colonHex()));
        lines.add("        userName: " + quote(o.userName()) + "   # subject "
                + certificate.getSubjectX500Principal().getName() + ", serial " + certificate.getSerialNumber().toString(16));
        if (!enabled || !o.enabled()) {
            lines.add("        enabled: false");
        }
    }

    private void manyToOne(ManyToOne m, boolean enabled, List<String> accounts, List<String> lines) {
        boolean deny = m.permissionMode().equalsIgnoreCase("Deny") || m.permissionMode().equals("2");
        List<String> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean issuerRule = false;
        for (Rule r : m.rules()) {
            String field = switch (r.certificateField().trim().toLowerCase(Locale.ROOT)) {
                case "subject", "1" -> "subject";
                case "issuer", "2" -> "issuer";
                default -> null;
            };
            String sub = r.certificateSubField().trim().toUpperCase(Locale.ROOT);
            sub = sub.equals("S") ? "ST" : sub;
            if (field == null || !SUB_FIELDS.contains(sub)) {
                problems.add("line " + r.line() + ": certificateField " + quote(r.certificateField())
                        + " certificateSubField " + quote(r.certificateSubField()) + " has no certgate equivalent");
                continue;
            }
            issuerRule |= field.equals("issuer");
            rules.add("          - { certificateField: " + field + ", certificateSubField: " + sub + ", matchCriteria: "
                    + quote(r.matchCriteria()) + (r.compareCaseSensitive() ? "" : ", compareCaseSensitive: false") + " }");
        }
        if (rules.isEmpty() && problems.isEmpty()) {
            problems.add("it has no rules (certgate refuses a mapping that would match every certificate)");
        }
        if (!deny && m.userName().isEmpty()) {
            problems.add("it allows without a userName");
        }
        if (!problems.isEmpty()) {
            // Dropping one rule of an all-of mapping would widen it: the whole mapping stays a comment.
            lines.add("      # many-to-one mapping " + quote(m.name()) + " (line " + m.line() + ") not converted: "
                    + String.join("; ", problems));
            w.warn("many-to-one mapping " + quote(m.name()) + " (line " + m.line() + ") not converted: "
                    + String.join("; ", problems));
            return;
        }
        if (!deny && !issuerRule) {
            w.warn("many-to-one mapping " + quote(m.name()) + " (line " + m.line() + ") allows on subject fields alone:"
                    + " a weak mapping (KB5014754); any trusted CA can issue a matching certificate; add an issuer rule");
        }
        lines.add("      - name: " + quote(m.name()));
        m.description().ifPresent(d -> lines.add("        description: " + quote(d)));
        lines.add("        permissionMode: " + (deny ? "deny" : "allow"));
        if (!deny) {
            addAccount(accounts, m.userName().get(), m.hasPassword());
            lines.add("        userName: " + quote(m.userName().get()));
        }
        if (!enabled || !m.enabled()) {
            lines.add("        enabled: false");
        }
        lines.add("        rules:");
        lines.addAll(rules);
    }

    private void addAccount(List<String> accounts, String name, boolean hadPassword) {
        if (!accounts.contains(name)) {
            accounts.add(name);
        }
        if (hadPassword) {
            // Passwords are never copied: certgate accounts are names, it logs on as nobody.
            w.warn("the password of " + quote(name) + " was not copied (certgate accounts have none)");
        }
    }

    private void directoryMapping(LocationSettings l) {
        String name = CertgateYamlWriter.DIRECTORY;
        w.warn("clientCertificateMappingAuthentication (the Active Directory mapper, line " + l.line() + ") becomes a"
                + " directoryMapping through the directory \"" + name + "\": fill in its url, bindDn, baseDn and the"
                + " password file " + CertgateYamlWriter.BIND_PASSWORD_FILE + " under top-level directories:; the upn form"
                + " is weak (KB5014754) unless the certificate also carries its SID");
        w.line("    directoryMapping:               # clientCertificateMappingAuthentication (Active Directory mapper), line "
                + l.line());
        w.line("      - directory: " + name);
        w.line("        form: altSecurityIdentities   # KB5014754 strong forms only (strength: strong)");
        w.line("      - directory: " + name);
        w.line("        form: sid");
        w.line("      - directory: " + name);
        w.line("        form: upn                     # weak (IIS/Schannel's fallback): needs the certificate's SID too");
    }

    private void locations(String siteMode) {
        w.line("    locations:");
        for (LocationSettings l : settings) {
            if (isSite(l) || l.sslFlags().isEmpty()) {
                continue;
            }
            String path = l.path().substring(site.name().length());
            String mode = mode(l.sslFlags().get(), l);
            w.line("      - path: " + quote(path) + "   # <location path=" + quote(l.path()) + "> at line " + l.line());
            w.line("        clientCertificates: { mode: " + mode + " }   # sslFlags " + quote(String.join(", ", l.sslFlags().get())));
            w.line("        root: " + quote("www/" + slug + path));
        }
        w.line("      - path: \"/\"");
        w.line("        root: " + quote("www/" + slug) + site.physicalPath().map(p -> "   # IIS: " + p).orElse(""));
    }
}
