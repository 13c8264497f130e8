package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.OperationType;
import io.certgate.config.DirectoryConfig;
import io.certgate.directory.DirectoryClient;
import io.certgate.directory.DirectoryEvents;
import io.certgate.directory.LdapTls;
import io.certgate.pki.DemoDirectory;
import io.certgate.testing.DirectoryFixture;
import io.certgate.testing.ServerTls;
import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ldap CRL distribution points that need more than an anonymous plain-LDAP read: over TLS
 * (ldaps:// with a host, or an ldaps:// {@code revocation.ldapServer}), and through a configured
 * directory ({@code revocation.directory}: its bind, its TLS, its pool), against UnboundID's
 * in-memory server with an ldap and an ldaps listener and a real CRL.
 */
class SecuredLdapDistributionPointsTest {

    private static final String CDP = "CN=Corp Issuing CA,CN=CDP,DC=corp,DC=example";
    private static final String HOSTLESS = "ldap:///" + CDP.replace(" ", "%20")
            + "?certificateRevocationList?base?objectClass=cRLDistributionPoint";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create(Instant.now());
    private InMemoryDirectoryServer server;
    private DirectoryClient client;
    private byte[] crl;

    /** @param bindRequired searches need a bind, as a directory that refuses anonymous reads of its CDP container */
    private void start(boolean bindRequired) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("DC=corp,DC=example");
        SSLContext tls = ServerTls.presenting(pki.server("localhost"));
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null),
                InMemoryListenerConfig.createLDAPSConfig("ldaps", InetAddress.getLoopbackAddress(), 0,
                        tls.getServerSocketFactory(), null));
        config.setSchema(null);
        config.addAdditionalBindCredentials(DemoDirectory.BIND_DN, DemoDirectory.BIND_PASSWORD);
        if (bindRequired) {
            config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH);
        }
        server = new InMemoryDirectoryServer(config);
        server.startListening();
        server.add(new Entry("DC=corp,DC=example", new Attribute("objectClass", "domain")));
        server.add(new Entry("CN=CDP,DC=corp,DC=example", new Attribute("objectClass", "container")));
        crl = pki.intermediateCrl().build().getEncoded();
        server.add(new Entry(CDP, new Attribute("objectClass", "cRLDistributionPoint"),
                new Attribute("certificateRevocationList;binary", crl)));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutDown(true);
        }
    }

    private int port(String listener) {
        return server.getListenPort(listener);
    }

    /** The directory {@code corp} as an administrator configures it, bound as its service account. */
    private DirectoryClient directory(String url, String options) throws Exception {
        SiteYaml yaml = SiteYaml.in(dir, pki);
        yaml.file("secrets/ldap.pw", DemoDirectory.BIND_PASSWORD + "\n");
        DirectoryConfig config = yaml.loadWith(DirectoryFixture.directoriesYaml(url, options), "")
                .directories().get("corp");
        client = new DirectoryClient(config, DirectoryEvents.NONE);
        return client;
    }

    private static LdapDownloader anonymous(Optional<URI> ldapServer, Optional<LdapTls> tls) {
        return new LdapDownloader(TIMEOUT, TIMEOUT, 1 << 20, ldapServer, Optional.empty(), tls);
    }

    private static LdapDownloader through(DirectoryClient directory) {
        return new LdapDownloader(TIMEOUT, TIMEOUT, 1 << 20, Optional.empty(), Optional.of(directory), Optional.empty());
    }

    @Test
    void aHostlessPointIsReadThroughTheDirectoryWithItsBind() throws Exception {
        start(true);
        DirectoryClient corp = directory("ldap://127.0.0.1:" + port("ldap"), "");
        assertThat(through(corp).get(URI.create(HOSTLESS))).isEqualTo(crl);
        // The same server asked anonymously refuses: the bind is what made the read possible.
        URI ldapServer = URI.create("ldap://127.0.0.1:" + port("ldap"));
        assertThatThrownBy(() -> anonymous(Optional.of(ldapServer), Optional.empty()).get(URI.create(HOSTLESS)))
                .hasMessageContaining("failed: LDAP");
    }

    @Test
    void theDirectoryIsTheServerItsDownloadSlotsCountAgainst() throws Exception {
        start(false);
        DirectoryClient corp = directory("ldap://127.0.0.1:" + port("ldap"), "");
        LdapDownloader.Target target = through(corp).target(URI.create(HOSTLESS));
        assertThat(target).isEqualTo(new LdapDownloader.Target("127.0.0.1", port("ldap"), false, CDP,
                "certificateRevocationList", Optional.of("corp")));
    }

    @Test
    void aDirectoryOverLdapsReadsTheCrlWithItsTrustedRoots() throws Exception {
        start(true);
        pki.root().writeCertificate(dir.resolve("ca/ldap-root.pem"));
        DirectoryClient corp = directory("ldaps://127.0.0.1:" + port("ldaps"), "trustedRoots: [ca/ldap-root.pem]");
        assertThat(through(corp).get(URI.create(HOSTLESS))).isEqualTo(crl);
    }

    @Test
    void anEntryTheDirectoryDoesNotHaveIsNamed() throws Exception {
        start(false);
        DirectoryClient corp = directory("ldap://127.0.0.1:" + port("ldap"), "");
        assertThatThrownBy(() -> through(corp).get(URI.create("ldap:///CN=Gone,DC=corp,DC=example")))
                .hasMessageContaining("has no entry CN=Gone,DC=corp,DC=example in directory corp");
    }

    @Test
    void aDirectoryThatIsDownIsAFailedDownloadNamingIt() throws Exception {
        start(false);
        DirectoryClient corp = directory("ldap://127.0.0.1:" + port("ldap"), "timeout: 2s");
        server.shutDown(true);
        assertThatThrownBy(() -> through(corp).get(URI.create(HOSTLESS)))
                .hasMessageContaining("(directory corp)");
    }

    @Test
    void anLdapsPointWithAHostIsReadOverTls() throws Exception {
        start(false);
        URI url = URI.create("ldaps://127.0.0.1:" + port("ldaps") + "/" + CDP.replace(" ", "%20"));
        LdapTls trusting = LdapTls.trusting(List.of(pki.root().certificate()));
        assertThat(anonymous(Optional.empty(), Optional.of(trusting)).get(url)).isEqualTo(crl);
    }

    @Test
    void anLdapsLdapServerAnswersHostlessPointsOverTls() throws Exception {
        start(false);
        URI ldapServer = URI.create("ldaps://127.0.0.1:" + port("ldaps"));
        LdapTls trusting = LdapTls.trusting(List.of(pki.root().certificate()));
        assertThat(anonymous(Optional.of(ldapServer), Optional.of(trusting)).get(URI.create(HOSTLESS))).isEqualTo(crl);
    }

    @Test
    void anLdapsServerWhoseCertificateIsNotTrustedGivesNoCrl() throws Exception {
        start(false);
        URI url = URI.create("ldaps://127.0.0.1:" + port("ldaps") + "/" + CDP.replace(" ", "%20"));
        LdapTls otherRoots = LdapTls.trusting(List.of(TestPki.create(Instant.now(), "Other").root().certificate()));
        assertThatThrownBy(() -> anonymous(Optional.empty(), Optional.of(otherRoots)).get(url))
                .hasMessageContaining("cannot be read over TLS from 127.0.0.1:" + port("ldaps"));
    }

    @Test
    void anLdapsServerIsCheckedAgainstTheJvmRootsByDefault() throws Exception {
        start(false);
        URI url = URI.create("ldaps://127.0.0.1:" + port("ldaps") + "/" + CDP.replace(" ", "%20"));
        // The test CA is not among the JVM's roots, so the read fails on TLS rather than reading anything.
        assertThatThrownBy(() -> anonymous(Optional.empty(), Optional.empty()).get(url))
                .hasMessageContaining("cannot be read over TLS");
    }
}
