package io.certgate.cli;

import io.certgate.pki.Credential;
import io.certgate.pki.DemoDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * {@code demo --directory}: an in-memory directory with two accounts, each mapped by a strong
 * {@code altSecurityIdentities} value ({@code X509:<SKI>}) to its client certificate, and a
 * location {@code /staff} that only the directory group {@code Staff} may enter: dana (Staff)
 * gets 200, omar (Contractors) 401.3.
 */
final class DemoDirectorySetup {

    static final List<DemoSetup.Outcome> OUTCOMES = List.of(
            new DemoSetup.Outcome("200", "dana, mapped by the directory (altSecurityIdentities, strong), in group Staff",
                    "dana-directory", "/staff/"),
            new DemoSetup.Outcome("401.3", "omar, mapped by the directory, but in group Contractors, not Staff",
                    "omar-directory", "/staff/"));

    private DemoDirectorySetup() {
    }

    /** Adds the two users and their certificates; returns the YAML the site and the top level need. */
    static Yaml write(Path dir, DemoDirectory directory, Credential intermediate, Instant now) throws IOException {
        add(dir, directory, "dana", "Staff", intermediate, now);
        add(dir, directory, "omar", "Contractors", intermediate, now);
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/ldap.pw"), DemoDirectory.BIND_PASSWORD + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("www/staff"));
        Files.writeString(dir.resolve("www/staff/index.html"), "<!DOCTYPE html><title>certgate demo: staff</title>\n"
                + "<h1>Staff only</h1><p>Your certificate maps to a directory account in group Staff.</p>\n",
                StandardCharsets.UTF_8);
        String top = """
                directories:
                  demo:
                    url: %s
                    bindDn: %s
                    bindPassword: { file: secrets/ldap.pw }
                    baseDn: %s
                    userFilter: "(objectClass=user)"
                    userName: sAMAccountName
                    groups: memberOf
                    disabled: "(userAccountControl=%d)"
                    timeout: 3s
                    cacheTtl: 5m
                    onUnavailable: deny
                """.formatted(directory.url(), DemoDirectory.BIND_DN, DemoDirectory.BASE_DN, DemoDirectory.DISABLED);
        String site = """
                directoryMapping:
                  - directory: demo
                    form: altSecurityIdentities
                    strength: strong
                """;
        String location = """
                  - path: /staff
                    root: www/staff
                    access: { allowGroups: [Staff] }
                """;
        return new Yaml(top, site, location);
    }

    /** YAML for the top level, the site, and its extra location (indented as a list item of locations). */
    record Yaml(String topLevel, String site, String location) {
    }

    private static void add(Path dir, DemoDirectory directory, String name, String group, Credential intermediate,
                            Instant now) throws IOException {
        Credential client = Credential.builder().subject("CN=" + name + ",O=certgate demo").clientAuth()
                .issuedBy(intermediate).now(now).build();
        client.writeChain(dir.resolve("clients/" + name + "-directory.pem"));
        client.writeKey(dir.resolve("clients/" + name + "-directory.key"));
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                client.certificate().getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
        directory.addUser(name, "memberOf: cn=" + group + "," + DemoDirectory.GROUPS_DN,
                "altSecurityIdentities: X509:<SKI>" + HexFormat.of().formatHex(ski).toUpperCase(java.util.Locale.ROOT));
    }
}
