package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ConfigLoader;
import io.certgate.config.GatewayConfig;
import io.certgate.http.Site;
import io.certgate.identity.Identity;
import io.certgate.log.GatewayMetrics;
import io.certgate.pki.Credential;
import io.certgate.pki.DemoDirectory;
import io.certgate.testing.DirectoryFixture;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites of one runtime that map through the same directory share its client: one pool of
 * connections and one cache of answers, so that the second site's lookup of a certificate the
 * first one looked up is answered from the cache, even when the directory has gone away since.
 */
class SharedDirectoriesTest {

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create(Instant.now());
    private DemoDirectory directory;

    @BeforeEach
    void start() {
        directory = DemoDirectory.start();
    }

    @AfterEach
    void stop() {
        directory.close();
    }

    private GatewayConfig twoSites() throws Exception {
        SiteYaml yaml = SiteYaml.in(dir, pki);
        yaml.file("secrets/ldap.pw", DemoDirectory.BIND_PASSWORD + "\n");
        String site = """
                  - hosts: ["%s"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                    directoryMapping:
                      - { directory: corp, form: upn, strength: compatibility }
                    locations:
                      - path: /
                        root: www
                """;
        yaml.file("certgate.yaml", DirectoryFixture.directoriesYaml(directory.url(), "") + """
                listen:
                  - address: 127.0.0.1:0
                sites:
                """ + site.formatted("shop.localhost") + site.formatted("intranet.localhost"));
        return ConfigLoader.load(yaml.config());
    }

    private static Identity map(Site site, Credential credential) {
        return site.mapper().mapAsync(CertificateFacts.of(credential.certificate())).join();
    }

    @Test
    void twoSitesOfTheSameDirectoryShareOneCache() throws Exception {
        directory.addUser("sara-shared", "memberOf: cn=Staff,ou=groups,dc=example,dc=com");
        Credential sara = pki.client("sara-shared").upn("sara-shared@example.com").build();
        GatewayMetrics metrics = new GatewayMetrics();
        GatewayRuntime runtime = new RuntimeBuilder(SslProvider.JDK, Runnable::run, Clock.systemUTC(), "test", metrics)
                .build(twoSites());
        try {
            Identity first = map(runtime.byHost.lookup("shop.localhost"), sara);
            assertThat(first).isInstanceOf(Identity.Account.class);
            directory.stopListening();
            // Separate clients would ask the directory again and, with it gone, answer 503 directory-unavailable.
            Identity second = map(runtime.byHost.lookup("intranet.localhost"), sara);
            assertThat(second).isInstanceOfSatisfying(Identity.Account.class, account -> {
                assertThat(account.name()).isEqualTo("sara-shared");
                assertThat(account.groups()).containsExactly("Staff");
            });
            assertThat(runtime.directories.get("corp")).isPresent();
        } finally {
            runtime.close();
        }
    }

    @Test
    void aRuntimeClosesTheDirectoryClientsItsSitesShared() throws Exception {
        directory.addUser("cleo-closed");
        Credential cleo = pki.client("cleo-closed").upn("cleo-closed@example.com").build();
        GatewayRuntime runtime = new RuntimeBuilder(SslProvider.JDK, Runnable::run, Clock.systemUTC(), "test",
                new GatewayMetrics()).build(twoSites());
        Site shop = runtime.byHost.lookup("shop.localhost");
        runtime.close();
        // A closed client answers without asking: the lookup fails as "unavailable", never hangs.
        assertThat(map(shop, cleo)).isInstanceOf(Identity.Unavailable.class);
    }
}
