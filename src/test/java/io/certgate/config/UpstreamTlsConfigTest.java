package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy.tls} of an https backend: what binds, the defaults, and every mistake reported at
 * its own line, as {@code certgate check} prints it.
 */
class UpstreamTlsConfigTest {

    /** The location's proxy starts on line 9 of {@link #load}'s file, its tls block on line 11. */
    private static final String HEAD = """
            listen:
              - address: 127.0.0.1:8443
            sites:
              - hosts: ["localhost"]
                certificate: tls/server.pem
                key: tls/server.key
                locations:
                  - path: /
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        ConfigFixture.mintFiles(dir);
        TestPki backend = TestPki.create(ConfigFixture.NOW, "Backend");
        backend.root().writeCertificate(dir.resolve("ca/backend-root.pem"));
        Credential client = backend.client("gateway").build();
        client.writeChain(dir.resolve("tls/gateway-client.pem"));
        client.writeKey(dir.resolve("tls/gateway-client.key"));
    }

    private GatewayConfig load(String proxy) throws ConfigException, IOException {
        Path file = dir.resolve("certgate.yaml");
        Files.writeString(file, HEAD + proxy.indent(8));
        return ConfigLoader.load(file);
    }

    private List<String> errorsOf(String proxy) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(proxy));
        assertThat(e).as("expected the configuration to be refused").isNotNull();
        return e.errors().stream().map(error -> error.origin().line() + ": " + error.origin().key() + ": "
                + error.message()).toList();
    }

    private static ProxyConfig proxyOf(GatewayConfig config) {
        return config.sites().get(0).locations().get(0).proxy().orElseThrow();
    }

    @Test
    void theIssuesBlockBindsWithEveryKey() throws Exception {
        ProxyConfig proxy = proxyOf(load("""
                proxy:
                  url: https://app.internal:8443
                  tls:
                    trustedRoots: [ca/backend-root.pem]   # required for https; the backend's chain is verified
                    serverName: app.internal              # SNI and the name checked (default: the URL's host)
                    certificate: tls/gateway-client.pem   # certgate's own client certificate to the backend
                    key: tls/gateway-client.key
                """));

        assertThat(proxy.host()).isEqualTo("app.internal");
        assertThat(proxy.port()).isEqualTo(8443);
        UpstreamTlsConfig tls = proxy.tls().orElseThrow();
        assertThat(tls.trustedRoots()).extracting(FileRef::path).containsExactly(dir.resolve("ca/backend-root.pem"));
        assertThat(tls.serverName()).isEqualTo("app.internal");
        assertThat(tls.certificate().orElseThrow().path()).isEqualTo(dir.resolve("tls/gateway-client.pem"));
        assertThat(tls.key().orElseThrow().path()).isEqualTo(dir.resolve("tls/gateway-client.key"));
        assertThat(tls.key().orElseThrow().origin().line()).isEqualTo(15);
    }

    @Test
    void serverNameDefaultsToTheUrlsHostAndThePortTo443() throws Exception {
        ProxyConfig proxy = proxyOf(load("""
                proxy:
                  url: https://[::1]
                  tls: { trustedRoots: [ca/backend-root.pem] }
                """));

        assertThat(proxy.port()).isEqualTo(443);
        assertThat(proxy.defaultPort()).isEqualTo(443);
        assertThat(proxy.tls().orElseThrow().serverName()).isEqualTo("::1");
        assertThat(proxy.tls().orElseThrow().certificate()).isEmpty();
    }

    @Test
    void anHttpsUrlWithoutTlsIsRefusedAtTheUrlsLine() {
        assertThat(errorsOf("proxy: https://app.internal:8443\n")).singleElement().asString()
                .startsWith("9: sites[0].locations[0].proxy: an https backend needs tls.trustedRoots");
        assertThat(errorsOf("proxy: { url: https://app.internal:8443 }\n")).singleElement().asString()
                .startsWith("9: sites[0].locations[0].proxy.url: an https backend needs tls.trustedRoots");
    }

    @Test
    void tlsOnAnHttpUrlIsRefusedAtTheTlsLine() {
        assertThat(errorsOf("""
                proxy:
                  url: http://app.internal:8080
                  tls: { trustedRoots: [ca/backend-root.pem] }
                """)).containsExactly("11: sites[0].locations[0].proxy.tls: tls applies to https:// backends only;"
                + " write https://app.internal:8080 or remove tls");
    }

    @Test
    void tlsWithoutTrustedRootsIsRefused() {
        assertThat(errorsOf("""
                proxy:
                  url: https://app.internal:8443
                  tls:
                    serverName: app.internal
                """)).singleElement().asString()
                .startsWith("12: sites[0].locations[0].proxy.tls.trustedRoots: required for an https backend");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedAtTheCertificate() {
        assertThat(errorsOf("""
                proxy:
                  url: https://app.internal:8443
                  tls:
                    trustedRoots: [ca/backend-root.pem]
                    certificate: tls/gateway-client.pem
                """)).containsExactly("13: sites[0].locations[0].proxy.tls.certificate: a client certificate needs"
                + " its key: add key (the PEM private key of certificate)");
    }

    @Test
    void missingFilesAndMisspelledKeysAreReportedAtTheirLines() {
        assertThat(errorsOf("""
                proxy:
                  url: https://app.internal:8443
                  tls:
                    trustedRoots: [ca/missing.pem]
                    servername: app.internal
                """)).containsExactlyInAnyOrder(
                "12: sites[0].locations[0].proxy.tls.trustedRoots: no such file: " + dir.resolve("ca/missing.pem"),
                "13: sites[0].locations[0].proxy.tls.servername: unknown key; did you mean \"serverName\"?"
                        + " (known here: certificate, key, serverName, trustedRoots)");
    }

    @Test
    void aServerNameThatIsNoHostNameIsRefused() {
        assertThat(errorsOf("""
                proxy:
                  url: https://app.internal:8443
                  tls: { trustedRoots: [ca/backend-root.pem], serverName: "*.internal" }
                """)).singleElement().asString().startsWith("11: sites[0].locations[0].proxy.tls.serverName:"
                + " expected a host name or IP address");
    }

    @Test
    void theSameSettingsOnOtherLinesAreTheSameBackend() throws Exception {
        ProxyConfig first = proxyOf(load("proxy: { url: https://app.internal, tls: { trustedRoots: [ca/backend-root.pem] } }\n"));
        ProxyConfig moved = proxyOf(load("\n\nproxy:\n  url: https://app.internal\n  tls:\n    trustedRoots: [ca/backend-root.pem]\n"));

        assertThat(moved.tls().orElseThrow().origin().line()).isNotEqualTo(first.tls().orElseThrow().origin().line());
        assertThat(moved).isEqualTo(first).hasSameHashCodeAs(first);
    }
}
