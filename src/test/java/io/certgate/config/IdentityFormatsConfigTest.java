package io.certgate.config;

import static io.certgate.config.IdentityHeaderFormat.CERTGATE;
import static io.certgate.config.IdentityHeaderFormat.RFC9440;
import static io.certgate.config.IdentityHeaderFormat.XFCC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code identityHeaders.formats} and {@code chain}: a location overrides its site, a site the top
 * level, key by key; the default is certgate's own format; mistakes are named by line.
 */
class IdentityFormatsConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() {
        ConfigFixture.mintFiles(dir);
    }

    /** A site with three proxy locations; {@code site} goes into the site, {@code top} at the top level. */
    private GatewayConfig load(String top, String site, String location) throws Exception {
        Path file = dir.resolve("certgate.yaml");
        Files.writeString(file, """
                listen:
                  - address: 127.0.0.1:8443
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                %s
                    locations:
                      - path: /plain
                        proxy: http://127.0.0.1:9000
                      - path: /set
                        proxy: http://127.0.0.1:9000
                %s
                      - path: /files
                        root: www
                %s
                """.formatted(indent(site, 4), indent(location, 8), indent(top, 0)));
        return ConfigLoader.load(file);
    }

    private static String indent(String text, int spaces) {
        return text.lines().map(l -> " ".repeat(spaces) + l).collect(Collectors.joining("\n"));
    }

    private static Map<String, IdentityFormatsConfig> byPath(GatewayConfig config) {
        return config.sites().get(0).locations().stream()
                .collect(Collectors.toMap(LocationConfig::path, LocationConfig::identityFormats));
    }

    @Test
    void withoutTheKeysEveryLocationSendsCertgatesOwnFormatWithoutTheChain() throws Exception {
        Map<String, IdentityFormatsConfig> formats = byPath(load("", "", ""));
        assertThat(formats.values()).containsOnly(IdentityFormatsConfig.DEFAULTS);
        assertThat(IdentityFormatsConfig.DEFAULTS.formats()).containsExactly(CERTGATE);
        assertThat(IdentityFormatsConfig.DEFAULTS.chain()).isFalse();
    }

    @Test
    void aLocationOverridesItsSiteAndTheSiteTheTopLevelKeyByKey() throws Exception {
        Map<String, IdentityFormatsConfig> formats = byPath(load(
                "identityHeaders:\n  chain: true\n",
                "identityHeaders:\n  formats: [rfc9440, xfcc]\n",
                "identityHeaders: { formats: [certgate] }\n"));
        assertThat(formats.get("/plain")).isEqualTo(new IdentityFormatsConfig(Set.of(RFC9440, XFCC), true));
        assertThat(formats.get("/set")).as("formats from the location, chain from the top level")
                .isEqualTo(new IdentityFormatsConfig(Set.of(CERTGATE), true));
        assertThat(formats.get("/set").sendsCertgateChain()).isTrue();
    }

    @Test
    void anEmptyListSendsNoCertificateHeadersAndAScalarIsAListOfOne() throws Exception {
        Map<String, IdentityFormatsConfig> formats = byPath(load("", "identityHeaders: { formats: xfcc }\n",
                "identityHeaders: { formats: [] }\n"));
        assertThat(formats.get("/plain").formats()).containsExactly(XFCC);
        assertThat(formats.get("/set").formats()).isEmpty();
    }

    @Test
    void anUnknownFormatIsNamedWithItsLineAndTheKnownOnes() {
        // The location's identityHeaders is line 13 (the site block is an empty line 7); "envoy" is on 16.
        assertThatThrownBy(() -> load("", "", "identityHeaders:\n  formats:\n    - certgate\n    - envoy\n"))
                .hasMessageContaining("certgate.yaml:16: sites[0].locations[1].identityHeaders.formats[1]:"
                        + " unknown format \"envoy\"; did you mean \"xfcc\"? (formats: certgate, rfc9440, xfcc)");
        assertThatThrownBy(() -> load("identityHeaders:\n  formats: [rfc-9440]\n", "", ""))
                .hasMessageContaining("identityHeaders.formats[0]: unknown format \"rfc-9440\"; did you mean \"rfc9440\"?");
        assertThatThrownBy(() -> load("", "identityHeaders: { formats: [xfcc, XFCC] }\n", ""))
                .hasMessageContaining("certgate.yaml:7: sites[0].identityHeaders.formats[1]: \"XFCC\" is listed twice");
        assertThatThrownBy(() -> load("", "identityHeaders: { formats: }\n", ""))
                .hasMessageContaining("sites[0].identityHeaders.formats: expected a list such as [certgate, rfc9440, xfcc]");
        assertThatThrownBy(() -> load("", "identityHeaders: { chain: sometimes }\n", ""))
                .hasMessageContaining("sites[0].identityHeaders.chain: expected true or false");
    }

    @Test
    void namesAndStripAreTopLevelOnlyAndStaticLocationsTakeNoFormats() {
        assertThatThrownBy(() -> load("", "identityHeaders: { remoteUser: X-User }\n", ""))
                .hasMessageContaining("sites[0].identityHeaders.remoteUser: is set in the top-level identityHeaders only");
        assertThatThrownBy(() -> load("", "", "identityHeaders: { strip: [X-Secret] }\n"))
                .hasMessageContaining("sites[0].locations[1].identityHeaders.strip: is set in the top-level");
    }

    @Test
    void aStaticLocationWithFormatsIsRefused() throws Exception {
        Path file = dir.resolve("certgate.yaml");
        Files.writeString(file, """
                listen:
                  - address: 127.0.0.1:8443
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    locations:
                      - path: /
                        root: www
                        identityHeaders: { formats: [xfcc] }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining(
                "certgate.yaml:10: sites[0].locations[0].identityHeaders: describes the client to a backend, but this"
                        + " location serves files (root)");
    }

    @Test
    void theChainHeaderCanBeRenamedOrTurnedOffLikeTheOthers() throws Exception {
        assertThat(load("identityHeaders: { clientCertChain: X-Chain }\n", "", "").identityHeaders().clientCertChain())
                .contains("X-Chain");
        assertThat(load("identityHeaders: { clientCertChain: off }\n", "", "").identityHeaders().clientCertChain())
                .isEmpty();
        assertThat(IdentityHeaderNames.DEFAULTS.clientCertChain()).contains("X-Client-Cert-Chain");
    }
}
