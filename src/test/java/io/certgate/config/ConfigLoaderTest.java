package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid golden files bind to the expected records. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void fullConfigBindsEverySection() throws Exception {
        Path file = ConfigFixture.install("full.yaml", dir);

        GatewayConfig config = ConfigLoader.load(file);

        assertThat(config.file()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(config.errors().detail()).isEqualTo(ErrorDetail.TERSE);
        assertThat(config.accessLog().map(AccessLogConfig::output))
                .contains(new AccessLogConfig.Output(dir.resolve("logs/access.log"), AccessLogFormat.JSON, W3cField.DEFAULTS));
        assertThat(config.tlsProvider()).isEqualTo(TlsProvider.JDK);
        assertThat(config.sites()).extracting(SiteConfig::name).containsExactly("localhost", "*");
    }

    @Test
    void listenersBindHostPortProtocolAndTheirLine() throws Exception {
        GatewayConfig config = ConfigLoader.load(ConfigFixture.install("full.yaml", dir));

        assertThat(config.listeners()).extracting(ListenerConfig::host, ListenerConfig::port,
                        ListenerConfig::protocol, ListenerConfig::redirectToHttps, l -> l.origin().line())
                .containsExactly(
                        tuple("127.0.0.1", 8443, ListenerProtocol.HTTPS, false, 3),
                        tuple("::1", 8444, ListenerProtocol.HTTPS, false, 4),
                        tuple("127.0.0.1", 8080, ListenerProtocol.HTTP, true, 5));
        assertThat(config.listeners()).extracting(ListenerConfig::toString)
                .containsExactly("https://127.0.0.1:8443", "https://[::1]:8444", "http://127.0.0.1:8080");
    }

    @Test
    void siteBindsHostsLowerCasedAndFilesResolvedAgainstTheConfigDirectory() throws Exception {
        SiteConfig site = ConfigLoader.load(ConfigFixture.install("full.yaml", dir)).sites().get(0);

        assertThat(site.hosts()).containsExactly("localhost", "app.example.com");
        assertThat(site.certificate().path()).isEqualTo(dir.resolve("tls/server.pem"));
        assertThat(site.key().path()).isEqualTo(dir.resolve("tls/server.key"));
        assertThat(site.certificate().origin().line()).isEqualTo(9);
        assertThat(site.certificate().origin().key()).isEqualTo("sites[0].certificate");
        assertThat(site.origin().line()).isEqualTo(8);
        assertThat(site.asksForClientCertificates()).isTrue();
    }

    @Test
    void clientCertificatePolicyBindsEveryField() throws Exception {
        ClientCertificatesConfig cc = ConfigLoader.load(ConfigFixture.install("full.yaml", dir))
                .sites().get(0).clientCertificates();

        assertThat(cc.mode()).isEqualTo(ClientCertMode.REQUIRE);
        assertThat(cc.trustedRoots()).extracting(FileRef::path).containsExactly(dir.resolve("pki/root.pem"));
        assertThat(cc.intermediates()).extracting(FileRef::path).containsExactly(dir.resolve("pki/intermediate.pem"));
        assertThat(cc.advertise()).isEqualTo(new AdvertiseConfig(AdvertiseMode.NONE, List.of()));
        assertThat(cc.maxChainLength()).isEqualTo(4);
        assertThat(cc.maxChainBytes()).isEqualTo(64 * 1024);
        RevocationConfig revocation = cc.revocation();
        assertThat(revocation.crlFiles()).extracting(FileRef::path).containsExactly(dir.resolve("pki/intermediate.crl"));
        assertThat(revocation.fetchDistributionPoints()).isTrue();
        assertThat(revocation.ocsp()).isEqualTo(OcspMode.FALLBACK);
        assertThat(revocation.onUnavailable()).isEqualTo(OnUnavailable.ALLOW);
        assertThat(revocation.refreshInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(revocation.scope()).isEqualTo(RevocationScope.LEAF);
        assertThat(revocation.enabled()).isTrue();
    }

    @Test
    void revocationDownloadSettingsBind() throws Exception {
        RevocationConfig revocation = ConfigLoader.load(ConfigFixture.install("revocation-settings.yaml", dir))
                .sites().get(0).clientCertificates().revocation();

        assertThat(revocation.fetchDistributionPoints()).isTrue();
        assertThat(revocation.ocsp()).isEqualTo(OcspMode.PREFER);
        assertThat(revocation.grace()).isEqualTo(Duration.ofHours(2));
        assertThat(revocation.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(revocation.readTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(revocation.maxCrlSize()).isEqualTo(128L * 1024 * 1024);
        assertThat(revocation.ocspNonce()).isTrue();
        assertThat(revocation.ldapServer()).contains(java.net.URI.create("ldap://dc1.example.com:3268"));
    }

    @Test
    void locationsInheritTheSiteModeUnlessTheySetTheirOwn() throws Exception {
        List<LocationConfig> locations = ConfigLoader.load(ConfigFixture.install("full.yaml", dir))
                .sites().get(0).locations();

        assertThat(locations).extracting(LocationConfig::path, LocationConfig::mode, LocationConfig::root)
                .containsExactly(
                        tuple("/public", ClientCertMode.IGNORE, Optional.of(dir.resolve("www/public"))),
                        tuple("/admin", ClientCertMode.REQUIRE, Optional.of(dir.resolve("www"))),
                        tuple("/", ClientCertMode.ACCEPT, Optional.of(dir.resolve("www"))));
        assertThat(locations).extracting(l -> l.origin().line()).containsExactly(26, 29, 31);
    }

    @Test
    void siteWithoutClientCertificatesIgnoresThemAndHostStarIsTheDefaultSite() throws Exception {
        SiteConfig fallback = ConfigLoader.load(ConfigFixture.install("full.yaml", dir)).sites().get(1);

        assertThat(fallback.hosts()).containsExactly("*");
        assertThat(fallback.clientCertificates().mode()).isEqualTo(ClientCertMode.IGNORE);
        assertThat(fallback.locations()).extracting(LocationConfig::mode).containsExactly(ClientCertMode.IGNORE);
        assertThat(fallback.asksForClientCertificates()).isFalse();
    }

    @Test
    void minimalConfigTakesTheDocumentedDefaults() throws Exception {
        GatewayConfig config = ConfigLoader.load(ConfigFixture.install("minimal.yaml", dir));

        assertThat(config.errors().detail()).isEqualTo(ErrorDetail.DETAILED);
        assertThat(config.accessLog()).isEmpty();
        assertThat(config.tlsProvider()).isEqualTo(TlsProvider.AUTO);
        ListenerConfig listener = config.listeners().get(0);
        assertThat(listener.host()).isEmpty();
        assertThat(listener.port()).isEqualTo(8443);
        assertThat(listener.protocol()).isEqualTo(ListenerProtocol.HTTPS);
        assertThat(listener.redirectToHttps()).isFalse();

        ClientCertificatesConfig cc = config.sites().get(0).clientCertificates();
        assertThat(cc.mode()).isEqualTo(ClientCertMode.ACCEPT);
        assertThat(cc.intermediates()).isEmpty();
        assertThat(cc.advertise()).isEqualTo(new AdvertiseConfig(AdvertiseMode.TRUSTED, List.of()));
        assertThat(cc.maxChainLength()).isEqualTo(5);
        assertThat(cc.maxChainBytes()).as("OpenSSL's and so nginx's default").isEqualTo(100 * 1024);
        assertThat(cc.revocation()).isEqualTo(new RevocationConfig(List.of(), false, OcspMode.OFF,
                OnUnavailable.DENY, Duration.ofHours(1), RevocationScope.CHAIN, Duration.ofHours(1), Duration.ofSeconds(3),
                Duration.ofSeconds(10), 64L * 1024 * 1024, false, Optional.empty(), Optional.empty()));
        assertThat(cc.revocation().enabled()).isFalse();
    }

    @Test
    void trustedRootsMayBeASingleDirectoryWrittenAsAScalar() throws Exception {
        ClientCertificatesConfig cc = ConfigLoader.load(ConfigFixture.install("minimal.yaml", dir))
                .sites().get(0).clientCertificates();

        assertThat(cc.trustedRoots()).extracting(FileRef::path).containsExactly(dir.resolve("pki/roots"));
        assertThat(cc.trustedRoots().get(0).origin().line()).isEqualTo(10);
    }

    @Test
    void relativePathsResolveAgainstTheConfigFileDirectoryNotTheWorkingDirectory() throws Exception {
        ConfigFixture.mintFiles(dir);
        Path file = ConfigFixture.copy("nested.yaml", dir.resolve("etc/certgate.yaml"));

        GatewayConfig config = ConfigLoader.load(file);

        SiteConfig site = config.sites().get(0);
        assertThat(site.certificate().path()).isEqualTo(dir.resolve("tls/server.pem"));
        assertThat(site.key().path()).isEqualTo(dir.resolve("tls/server.key"));
        assertThat(site.clientCertificates().trustedRoots()).extracting(FileRef::path)
                .containsExactly(dir.resolve("pki/root.pem"));
        assertThat(site.clientCertificates().revocation().crlFiles()).extracting(FileRef::path)
                .containsExactly(dir.resolve("pki/intermediate.crl"));
        assertThat(site.locations().get(0).root()).contains(dir.resolve("www"));
        assertThat(config.accessLog()).map(AccessLogConfig::file).contains(dir.resolve("logs/access.log"));
        assertThat(config.listeners().get(0).port()).isZero();
    }

    @Test
    void absolutePathsAreKeptAsWritten() throws Exception {
        ConfigFixture.mintFiles(dir);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path file = Files.writeString(elsewhere.resolve("certgate.yaml"), """
                listen:
                  - address: 127.0.0.1:8443
                sites:
                  - hosts: [localhost]
                    certificate: %s
                    key: %s
                    locations:
                      - path: /
                        root: %s
                """.formatted(dir.resolve("tls/server.pem"), dir.resolve("tls/server.key"), dir.resolve("www")),
                StandardCharsets.UTF_8);

        SiteConfig site = ConfigLoader.load(file).sites().get(0);

        assertThat(site.certificate().path()).isEqualTo(dir.resolve("tls/server.pem"));
        assertThat(site.locations().get(0).root()).contains(dir.resolve("www"));
    }
}
