package io.certgate.iis;

import io.certgate.iis.IisModel.ApplicationHost;
import io.certgate.iis.IisModel.Binding;
import io.certgate.iis.IisModel.LocationSettings;
import io.certgate.iis.IisModel.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a certgate.yaml from an {@link ApplicationHost}: a {@code listen} list from the sites'
 * bindings, and one certgate site per IIS site with an https binding. Files IIS keeps in the
 * Windows certificate store (the server certificate and key, the roots clients chain to) become
 * placeholder paths, said so in a comment.
 */
public final class CertgateYamlWriter {

    /** The shared placeholder for the client roots: IIS trusts the machine's whole root store. */
    static final String CLIENT_ROOTS = "ca/client-roots.pem";

    private final StringBuilder out = new StringBuilder();
    private final List<String> warnings = new ArrayList<>();

    private CertgateYamlWriter() {
    }

    public static Conversion convert(ApplicationHost host, String sourceName) {
        CertgateYamlWriter writer = new CertgateYamlWriter();
        writer.write(host, sourceName);
        return new Conversion(writer.out.toString(), writer.warnings);
    }

    private void write(ApplicationHost host, String sourceName) {
        line("# certgate.yaml written by certgate import-iis from " + sourceName + ".");
        line("# Files IIS keeps in the Windows certificate store are placeholders: export the server certificate");
        line("# and key of each site as PEM, and put the roots your clients' certificates chain to in "
                + CLIENT_ROOTS + ".");
        listen(host.sites());
        boolean directoryMapper = host.sites().stream()
                .filter(site -> site.bindings().stream().anyMatch(b -> b.protocol().equals("https")))
                .anyMatch(site -> SiteWriter.directoryMapper(settingsOf(host, site)).isPresent());
        if (directoryMapper) {
            directories();
        }
        line("sites:");
        boolean any = false;
        for (Site site : host.sites()) {
            if (site.bindings().stream().noneMatch(b -> b.protocol().equals("https"))) {
                line("  # IIS site " + quote(site.name()) + " has no https binding: not converted");
                continue;
            }
            new SiteWriter(this, site, settingsOf(host, site)).write();
            any = true;
        }
        if (!any) {
            warnings.add("no IIS site has an https binding; the sites list is empty and certgate check will refuse it");
        }
    }

    private void listen(List<Site> sites) {
        Map<String, Boolean> addresses = new LinkedHashMap<>();
        for (Site site : sites) {
            if (site.bindings().stream().noneMatch(b -> b.protocol().equals("https"))) {
                continue;
            }
            for (Binding b : site.bindings()) {
                if (b.protocol().equals("https") || b.protocol().equals("http")) {
                    String ip = b.ip().equals("*") ? "" : b.ip();
                    addresses.merge(ip + ":" + b.port(), b.protocol().equals("https"), (x, y) -> x || y);
                }
            }
        }
        line("listen:");
        addresses.forEach((address, https) -> {
            if (https) {
                line("  - address: " + quote(address));
            } else {
                line("  - address: " + quote(address) + "   # IIS served plain http here; certgate answers 403.4");
                line("    redirectToHttps: false");
            }
        });
    }

    /**
     * The directory IIS's Active Directory mapper asked implicitly (the server's own domain), as a
     * stub to fill in: applicationHost.config names no domain controller or account, and a
     * password is never copied. Each value to replace says so; {@code certgate check} names the
     * password file until it exists.
     */
    private void directories() {
        line("# IIS's Active Directory mapper (clientCertificateMappingAuthentication) asked the server's own");
        line("# domain; certgate asks this directory. Fill in the values marked FILL IN.");
        line("directories:");
        line("  " + DIRECTORY + ":");
        line("    url: \"ldaps://dc1.example.com:636\"   # FILL IN: a domain controller (ldaps://, or ldap:// with startTLS: true)");
        line("    bindDn: \"CN=certgate,CN=Users,DC=example,DC=com\"   # FILL IN: the account certgate binds as");
        line("    bindPassword: { file: \"" + BIND_PASSWORD_FILE + "\" }   # FILL IN: a file holding its password");
        line("    baseDn: \"DC=example,DC=com\"   # FILL IN: where accounts are searched");
        line("    userFilter: \"(objectClass=user)\"");
        line("    userName: sAMAccountName");
        line("    groups: memberOf");
        line("    disabled: \"(userAccountControl:1.2.840.113556.1.4.803:=2)\"");
        line("    # trustedRoots: [ca/ldap-root.pem]   # when the domain controller's CA is not among the JVM's roots");
    }

    /** The name the stub directory and every directoryMapping entry share. */
    static final String DIRECTORY = "corp";
    /** The bind password file the stub names: a placeholder, as the certificate files are. */
    static final String BIND_PASSWORD_FILE = "secrets/ldap.pw";

    /** The settings that apply to a site: server-wide first, then the site's, then its paths'. */
    private static List<LocationSettings> settingsOf(ApplicationHost host, Site site) {
        String name = site.name().toLowerCase(Locale.ROOT);
        List<LocationSettings> result = new ArrayList<>();
        for (LocationSettings l : host.locations()) {
            String path = l.path().toLowerCase(Locale.ROOT);
            // IIS compares location paths without regard to case.
            if (path.isEmpty() || path.equals(name) || path.startsWith(name + "/")) {
                result.add(l);
            }
        }
        return result;
    }

    void line(String text) {
        out.append(text).append('\n');
    }

    void warn(String text) {
        warnings.add(text);
    }

    /** A YAML double-quoted scalar (YAML 1.2 §7.3.1): backslash and quote escaped, nothing else needed. */
    static String quote(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A file-name-safe form of a site name: {@code Default Web Site} → {@code default-web-site}. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "site" : s;
    }

    /** The https host names of a site; an empty host (any) becomes {@code "*"}. */
    static Set<String> hosts(Site site) {
        Set<String> hosts = new LinkedHashSet<>();
        for (Binding b : site.bindings()) {
            if (b.protocol().equals("https")) {
                hosts.add(b.host().isBlank() ? "*" : b.host().trim().toLowerCase(Locale.ROOT));
            }
        }
        return hosts;
    }

    /** The mapping section that governs a site: the deepest one wins in IIS, certgate has one per site. */
    static Optional<LocationSettings> mappingSource(List<LocationSettings> settings) {
        Optional<LocationSettings> chosen = Optional.empty();
        for (LocationSettings l : settings) {
            if (l.iisMapping().isPresent() && (chosen.isEmpty() || chosen.get().path().isEmpty())) {
                chosen = Optional.of(l);
            }
        }
        return chosen;
    }
}
