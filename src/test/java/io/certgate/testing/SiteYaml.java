package io.certgate.testing;

import io.certgate.config.ConfigException;
import io.certgate.config.ConfigLoader;
import io.certgate.config.SiteConfig;
import io.certgate.pki.Credential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One site's configuration written as an administrator would write it and read back through
 * {@link ConfigLoader}, so that tests of accounts, mappings and access rules use the config
 * exactly as users write it:
 *
 * <pre>{@code
 * SiteYaml yaml = SiteYaml.in(dir, pki);
 * SiteConfig site = yaml.load("""
 *         accounts:
 *           alice: { groups: [admins] }
 *         """);
 * }</pre>
 *
 * The keys given are placed under the site, next to a server certificate, a trusted root and
 * (unless the keys bring their own {@code locations}) one location {@code /} serving {@code www}.
 */
public final class SiteYaml {

    private static final String HEADER = """
            listen:
              - address: 127.0.0.1:0
            sites:
              - hosts: ["localhost"]
                certificate: tls/server.pem
                key: tls/server.key
                clientCertificates:
                  mode: require
                  trustedRoots: [pki/root.pem]
            """;

    private final Path dir;

    private SiteYaml(Path dir) {
        this.dir = dir;
    }

    /** Writes the server certificate, key, trusted root and {@code www} into {@code dir}. */
    public static SiteYaml in(Path dir, TestPki pki) {
        try {
            Credential server = pki.server("localhost");
            server.writeChain(dir.resolve("tls/server.pem"));
            server.writeKey(dir.resolve("tls/server.key"));
            pki.root().writeCertificate(dir.resolve("pki/root.pem"));
            Files.createDirectories(dir.resolve("www"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SiteYaml(dir);
    }

    /** The config file, once {@link #load} has written it. */
    public Path config() {
        return dir.resolve("certgate.yaml");
    }

    /** Writes a client's certificate (alone, PEM) to {@code clients/NAME.pem}; the config names it so. */
    public Path client(String name, Credential credential) {
        try {
            return credential.writeCertificate(dir.resolve("clients/" + name + ".pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file relative to the config's directory. */
    public Path file(String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the config with these site keys (YAML, not indented) and loads its only site. */
    public SiteConfig load(String siteKeys) throws ConfigException {
        String keys = siteKeys.contains("locations:") ? siteKeys : siteKeys + """
                locations:
                  - path: /
                    root: www
                """;
        file("certgate.yaml", HEADER + keys.indent(4));
        List<SiteConfig> sites = ConfigLoader.load(config()).sites();
        return sites.get(0);
    }

    /**
     * Writes the config with top-level keys (such as {@code directories:}, not indented) before
     * {@code sites:}, and these site keys, and loads it whole.
     */
    public io.certgate.config.GatewayConfig loadWith(String topLevel, String siteKeys) throws ConfigException {
        String keys = siteKeys.contains("locations:") ? siteKeys : siteKeys + """
                locations:
                  - path: /
                    root: www
                """;
        file("certgate.yaml", topLevel + HEADER + keys.indent(4));
        return ConfigLoader.load(config());
    }

    /** The 1-based line of the config on which {@code text} first appears. */
    public int lineOf(String text) {
        try {
            List<String> lines = Files.readAllLines(config());
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("\"" + text + "\" is not in " + config());
    }
}
