package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import io.certgate.testing.TestPki;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ldap:// distribution points against UnboundID's in-memory directory server holding a real CRL. */
class LdapDownloaderTest {

    private static final String CDP = "CN=Corp Issuing CA,CN=pki01,CN=CDP,CN=Public Key Services,CN=Services,"
            + "CN=Configuration,DC=corp,DC=example";

    private InMemoryDirectoryServer server;
    private byte[] crl;

    @BeforeEach
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("DC=corp,DC=example");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        config.setSchema(null);   // AD's CDP container classes are not in the SDK's default schema
        server = new InMemoryDirectoryServer(config);
        server.startListening();
        crl = TestPki.create(Instant.now()).intermediateCrl().build().getEncoded();
        server.add(new Entry("DC=corp,DC=example", new Attribute("objectClass", "domain")));
        String[] containers = {"CN=Configuration", "CN=Services", "CN=Public Key Services", "CN=CDP", "CN=pki01"};
        String parent = "DC=corp,DC=example";
        for (String rdn : containers) {
            parent = rdn + "," + parent;
            server.add(new Entry(parent, new Attribute("objectClass", "container")));
        }
        server.add(new Entry(CDP, new Attribute("objectClass", "cRLDistributionPoint"),
                new Attribute("certificateRevocationList;binary", crl)));
    }

    @AfterEach
    void stop() {
        server.shutDown(true);
    }

    private LdapDownloader downloader(long maxBytes, Optional<URI> ldapServer) {
        return new LdapDownloader(Duration.ofSeconds(2), Duration.ofSeconds(5), maxBytes, ldapServer);
    }

    private String encodedDn() {
        return CDP.replace(" ", "%20");
    }

    @Test
    void theCrlIsReadFromTheAttributeTheUrlNames() throws Exception {
        URI url = URI.create("ldap://127.0.0.1:" + server.getListenPort() + "/" + encodedDn()
                + "?certificateRevocationList;binary");
        assertThat(downloader(1 << 20, Optional.empty()).get(url)).isEqualTo(crl);
    }

    @Test
    void adsHostlessFormAsksTheConfiguredLdapServer() throws Exception {
        // As AD CS writes it: no host, the bare attribute name, scope base and a filter.
        URI url = URI.create("ldap:///" + encodedDn()
                + "?certificateRevocationList?base?objectClass=cRLDistributionPoint");
        URI ldapServer = URI.create("ldap://127.0.0.1:" + server.getListenPort());
        assertThat(downloader(1 << 20, Optional.of(ldapServer)).get(url)).isEqualTo(crl);
    }

    @Test
    void aUrlWithoutAttributesReadsCertificateRevocationListBinary() throws Exception {
        LdapDownloader.Target target = downloader(1, Optional.empty()).target(URI.create("ldap://ca.example/" + encodedDn()));
        assertThat(target).isEqualTo(new LdapDownloader.Target("ca.example", 389, false, CDP,
                "certificateRevocationList;binary"));
    }

    @Test
    void aHostlessUrlWithoutLdapServerIsRefusedWithTheReason() {
        assertThatThrownBy(() -> downloader(1 << 20, Optional.empty()).get(URI.create("ldap:///" + encodedDn())))
                .hasMessageContaining("revocation.ldapServer is not set");
    }

    @Test
    void aSearchBeyondOneEntryIsRefused() {
        assertThatThrownBy(() -> downloader(1 << 20, Optional.empty())
                .target(URI.create("ldap://ca.example/" + encodedDn() + "?certificateRevocationList?sub")))
                .hasMessageContaining("scope base");
    }

    @Test
    void aCrlOverTheSizeCapIsRefused() {
        URI url = URI.create("ldap://127.0.0.1:" + server.getListenPort() + "/" + encodedDn());
        assertThatThrownBy(() -> downloader(crl.length - 1, Optional.empty()).get(url))
                .hasMessageContaining("more than the limit of " + (crl.length - 1));
    }

    @Test
    void aMissingEntryIsNamed() {
        URI url = URI.create("ldap://127.0.0.1:" + server.getListenPort() + "/CN=Gone,DC=corp,DC=example");
        assertThatThrownBy(() -> downloader(1 << 20, Optional.empty()).get(url))
                .hasMessageContaining("has no entry CN=Gone,DC=corp,DC=example");
    }

    @Test
    void aServerThatIsNotThereCannotBeReached() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI url = URI.create("ldap://127.0.0.1:" + port + "/" + encodedDn());
        assertThatThrownBy(() -> downloader(1 << 20, Optional.empty()).get(url)).hasMessageContaining("cannot be reached");
    }
}
