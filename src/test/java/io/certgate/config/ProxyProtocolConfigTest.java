package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener's {@code proxyProtocol} and a backend's {@code sendProxyProtocol}, and their mistakes by file, line and key. */
class ProxyProtocolConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() {
        ConfigFixture.mintFiles(dir);
    }

    private GatewayConfig load(String listener, String location) throws Exception {
        Path file = dir.resolve("certgate.yaml");
        Files.writeString(file, """
                listen:
                  - address: 127.0.0.1:8443
                %s
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    locations:
                      - path: /
                %s
                """.formatted(listener.indent(4).stripTrailing(), location.indent(8).stripTrailing()));
        return ConfigLoader.load(file);
    }

    private ProxyProtocolConfig listenerSettings(String listener) throws Exception {
        return load(listener, "root: www").listeners().get(0).proxyProtocol().orElseThrow();
    }

    @Test
    void theIssuesExampleReadsAsWritten() throws Exception {
        ProxyProtocolConfig settings = listenerSettings("proxyProtocol: { versions: [1, 2], trustedFrom: [127.0.0.1/32, 10.0.0.0/8] }");

        assertThat(settings.versions()).containsExactlyInAnyOrder(ProxyProtocolVersion.V1, ProxyProtocolVersion.V2);
        assertThat(settings.trustedFrom()).extracting(Cidr::toString).containsExactly("127.0.0.1/32", "10.0.0.0/8");
        assertThat(settings.trusts(InetAddress.getByName("10.200.3.4"))).isTrue();
        assertThat(settings.trusts(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(settings.trusts(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(settings.trusts(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(settings.trusts(InetAddress.getByName("::1"))).isFalse();
    }

    @Test
    void versionsDefaultToBothAndMayBeOne() throws Exception {
        assertThat(listenerSettings("proxyProtocol: { trustedFrom: [10.0.0.0/8] }").versions())
                .isEqualTo(Set.of(ProxyProtocolVersion.V1, ProxyProtocolVersion.V2));
        assertThat(listenerSettings("proxyProtocol: { versions: [2], trustedFrom: [10.0.0.0/8] }").versions())
                .containsExactly(ProxyProtocolVersion.V2);
    }

    @Test
    void withoutTheKeyAListenerReadsNoHeader() throws Exception {
        assertThat(load("", "root: www").listeners().get(0).proxyProtocol()).isEmpty();
    }

    @Test
    void ipv6BlocksAndBareAddressesAreTrusted() throws Exception {
        ProxyProtocolConfig settings = listenerSettings("proxyProtocol: { trustedFrom: [\"2001:db8::/32\", 192.0.2.7] }");

        assertThat(settings.trusts(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(settings.trusts(InetAddress.getByName("2001:db9::5"))).isFalse();
        assertThat(settings.trusts(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(settings.trusts(InetAddress.getByName("192.0.2.8"))).isFalse();
    }

    @Test
    void anIpv4BlockTrustsTheMappedFormADualStackSocketReports() throws Exception {
        Cidr block = Cidr.parse("10.0.0.0/8").value().orElseThrow();
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        InetAddress dualStack = java.net.Inet6Address.getByAddress(null, mapped, -1);

        assertThat(dualStack.getAddress()).hasSize(16);
        assertThat(block.contains(dualStack)).isTrue();
        assertThat(Cidr.parse("11.0.0.0/8").value().orElseThrow().contains(dualStack)).isFalse();
    }

    @Test
    void trustedFromIsRequired() {
        assertThatThrownBy(() -> load("proxyProtocol: { versions: [1, 2] }", "root: www"))
                .hasMessageContaining("certgate.yaml:3: listen[0].proxyProtocol.trustedFrom: required: the addresses of the load balancers");
        assertThatThrownBy(() -> load("proxyProtocol: { trustedFrom: [] }", "root: www"))
                .hasMessageContaining("listen[0].proxyProtocol.trustedFrom: required");
        assertThatThrownBy(() -> load("proxyProtocol:", "root: www"))
                .hasMessageContaining("listen[0].proxyProtocol: needs trustedFrom");
    }

    @Test
    void aBlockThatIsNotOneIsNamedWithItsLine() {
        assertThatThrownBy(() -> load("proxyProtocol:\n  trustedFrom:\n    - 10.0.0.0/8\n    - lb.example.com", "root: www"))
                .hasMessageContaining("certgate.yaml:6: listen[0].proxyProtocol.trustedFrom[1]: expected an IP address block"
                        + " such as 10.0.0.0/8 or 2001:db8::/32, got \"lb.example.com\"");
        assertThatThrownBy(() -> load("proxyProtocol: { trustedFrom: [10.0.0.0/33] }", "root: www"))
                .hasMessageContaining("the prefix length of \"10.0.0.0/33\" must be a number from 0 to 32");
        assertThatThrownBy(() -> load("proxyProtocol: { trustedFrom: [10.1] }", "root: www"))
                .hasMessageContaining("got \"10.1\"");
    }

    @Test
    void hostBitsAfterThePrefixAreAMistakeNotAGuess() {
        assertThatThrownBy(() -> load("proxyProtocol: { trustedFrom: [10.0.0.1/8] }", "root: www"))
                .hasMessageContaining("\"10.0.0.1/8\" has bits set after the first 8; did you mean 10.0.0.0/8 (the block)"
                        + " or 10.0.0.1 (one address)?");
    }

    @Test
    void onlyVersionsOneAndTwoExist() {
        assertThatThrownBy(() -> load("proxyProtocol: { versions: [3], trustedFrom: [10.0.0.0/8] }", "root: www"))
                .hasMessageContaining("listen[0].proxyProtocol.versions[0]: expected 1 or 2 (the PROXY protocol versions), got \"3\"");
        assertThatThrownBy(() -> load("proxyProtocol: { versions: [], trustedFrom: [10.0.0.0/8] }", "root: www"))
                .hasMessageContaining("listen[0].proxyProtocol.versions: needs at least one version");
        assertThatThrownBy(() -> load("proxyProtocol: { version: [1], trustedFrom: [10.0.0.0/8] }", "root: www"))
                .hasMessageContaining("listen[0].proxyProtocol.version: unknown key; did you mean \"versions\"?");
    }

    @Test
    void aBackendMaySendVersionTwo() throws Exception {
        ProxyConfig proxy = load("", "proxy: { url: \"http://127.0.0.1:9000\", sendProxyProtocol: 2 }")
                .sites().get(0).locations().get(0).proxy().orElseThrow();

        assertThat(proxy.sendProxyProtocol()).contains(ProxyProtocolVersion.V2);
        assertThat(load("", "proxy: http://127.0.0.1:9000").sites().get(0).locations().get(0).proxy().orElseThrow()
                .sendProxyProtocol()).isEqualTo(Optional.empty());
    }

    @Test
    void aBackendIsSentNoOtherVersion() {
        assertThatThrownBy(() -> load("", "proxy: { url: \"http://127.0.0.1:9000\", sendProxyProtocol: 1 }"))
                .hasMessageContaining("certgate.yaml:10: sites[0].locations[0].proxy.sendProxyProtocol: only 2 is supported"
                        + " (PROXY protocol version 2, as HAProxy's send-proxy-v2 writes it), got \"1\"");
    }
}
