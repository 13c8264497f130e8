package io.certgate.config;

import io.certgate.pki.Credential;
import io.certgate.pki.PemFiles;
import io.certgate.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Config golden files (src/test/resources/config/*.yaml) and the files they name, minted fresh
 * in a temporary directory: {@code tls/server.pem}, {@code tls/server.key}, {@code pki/root.pem},
 * {@code pki/intermediate.pem}, {@code pki/intermediate.crl}, {@code pki/roots/root.pem},
 * {@code www/} and {@code www/public/}.
 */
final class ConfigFixture {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private ConfigFixture() {
    }

    /** Copies the golden file {@code name} to {@code dir/certgate.yaml} next to freshly minted files. */
    static Path install(String name, Path dir) {
        mintFiles(dir);
        return copy(name, dir.resolve("certgate.yaml"));
    }

    /** Copies the golden file {@code name} to {@code target}. */
    static Path copy(String name, Path target) {
        try (InputStream in = ConfigFixture.class.getResourceAsStream("/config/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file config/" + name);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One static site on 127.0.0.1:8443: the smallest valid file, for tests of top-level blocks (7 lines). */
    static final String ONE_SITE = """
            listen:
              - address: 127.0.0.1:8443
            sites:
              - hosts: ["localhost"]
                certificate: tls/server.pem
                key: tls/server.key
                locations: [ { path: /, root: www } ]
            """;

    /** Loads {@link #ONE_SITE} followed by {@code extra} from {@code dir/certgate.yaml}, next to {@link #mintFiles}. */
    static GatewayConfig loadOneSite(Path dir, String extra) throws ConfigException, IOException {
        Path file = dir.resolve("certgate.yaml");
        Files.writeString(file, ONE_SITE + extra);
        return ConfigLoader.load(file);
    }

    static void mintFiles(Path dir) {
        try {
            TestPki pki = TestPki.create(NOW);
            Credential server = pki.server("localhost");
            server.writeChain(dir.resolve("tls/server.pem"));
            server.writeKey(dir.resolve("tls/server.key"));
            pki.root().writeCertificate(dir.resolve("pki/root.pem"));
            pki.root().writeCertificate(dir.resolve("pki/roots/root.pem"));
            pki.intermediate().writeCertificate(dir.resolve("pki/intermediate.pem"));
            PemFiles.writeCrl(dir.resolve("pki/intermediate.crl"), pki.intermediateCrl().build(), false);
            Files.createDirectories(dir.resolve("www/public"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
