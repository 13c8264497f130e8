package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ldap:// distribution points through {@link CrlDownloads} (the dispatch by scheme, the hostless
 * form, caching, the size cap) against UnboundID's in-memory directory holding a real CRL, and
 * which URLs {@link DistributionPoints} offers.
 */
class LdapDistributionPointsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String CDP = "cn=Issuing CA,ou=cdp,dc=example,dc=com";
    private static final String PATH = "cn=Issuing%20CA,ou=cdp,dc=example,dc=com";

    private final TestPki pki = TestPki.create(NOW);
    private final Credential ca = pki.intermediate();
    private final ManualScheduler scheduler = new ManualScheduler(NOW);
    private final AtomicInteger searches = new AtomicInteger();
    private InMemoryDirectoryServer server;

    @BeforeEach
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        config.setSchema(null);
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                searches.incrementAndGet();
            }
        });
        server = new InMemoryDirectoryServer(config);
        server.startListening();
        server.add(new Entry("dc=example,dc=com", new Attribute("objectClass", "domain")));
        server.add(new Entry("ou=cdp,dc=example,dc=com", new Attribute("objectClass", "organizationalUnit")));
        server.add(new Entry(CDP, new Attribute("objectClass", "cRLDistributionPoint"),
                new Attribute("certificateRevocationList;binary", CrlMint.by(ca).at(NOW).number(1).build().getEncoded())));
    }

    @AfterEach
    void stop() {
        server.shutDown(true);
    }

    private CrlDownloads downloads(long maxBytes, Optional<URI> ldapServer) {
        Duration timeout = Duration.ofSeconds(5);
        return new CrlDownloads(new HttpDownloader(timeout, timeout, maxBytes),
                new LdapDownloader(timeout, timeout, maxBytes, ldapServer), DownloadSlots.inline(), scheduler,
                scheduler.clock(), Duration.ofHours(1), Duration.ofHours(6), () -> { }, crl -> { });
    }

    private URI withHost() {
        return URI.create("ldap://127.0.0.1:" + server.getListenPort() + "/" + PATH + "?certificateRevocationList;binary");
    }

    @Test
    void anLdapUrlIsReadOverLdapOnceAndThenHeld() {
        CrlDownloads downloads = downloads(1 << 20, Optional.empty());

        CrlCheck.Download first = downloads.get(withHost(), NOW);
        CrlCheck.Download second = downloads.get(withHost(), NOW);

        assertThat(first.problem()).isEmpty();
        assertThat(first.crls()).singleElement().satisfies(held -> {
            assertThat(held.crl().issuer()).isEqualTo(ca.certificate().getSubjectX500Principal());
            assertThat(held.source()).isEqualTo("crl:" + withHost());
        });
        assertThat(second.crls()).isEqualTo(first.crls());
        assertThat(searches).as("the second need is answered from what is held").hasValue(1);
    }

    @Test
    void aHostlessUrlIsReadFromTheConfiguredLdapServer() {
        URI hostless = URI.create("ldap:///" + PATH + "?certificateRevocationList?base?objectClass=cRLDistributionPoint");
        CrlDownloads downloads = downloads(1 << 20, Optional.of(URI.create("ldap://127.0.0.1:" + server.getListenPort())));

        CrlCheck.Download download = downloads.get(hostless, NOW);

        assertThat(download.problem()).isEmpty();
        assertThat(download.crls()).hasSize(1);
    }

    @Test
    void aHostlessUrlWithoutAConfiguredServerIsAReasonWithoutADownload() {
        URI hostless = URI.create("ldap:///" + PATH + "?certificateRevocationList");
        CrlDownloads downloads = downloads(1 << 20, Optional.empty());

        CrlCheck.Download download = downloads.get(hostless, NOW);

        assertThat(download.crls()).isEmpty();
        assertThat(download.problem()).contains("the CRL at " + hostless + " names no server (AD's hostless ldap:/// form)"
                + " and revocation.ldapServer is not set (nor revocation.directory)");
        assertThat(searches).hasValue(0);
        assertThat(downloads.snapshots()).as("nothing remembered for it").isEmpty();
    }

    @Test
    void anLdapCrlOverTheSizeCapIsRefused() {
        CrlCheck.Download download = downloads(100, Optional.empty()).get(withHost(), NOW);

        assertThat(download.crls()).isEmpty();
        assertThat(download.problem()).hasValueSatisfying(p -> assertThat(p).contains("more than the limit of 100"));
    }

    @Test
    void ldapHttpsAndHttpUrlsAreOfferedInTheCertificatesOrder() throws Exception {
        X509Certificate certificate = pki.client("dp").extension(Extension.cRLDistributionPoints, false,
                new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName[] {
                            uri("ldap:///" + PATH + "?certificateRevocationList?base?objectClass=cRLDistributionPoint"),
                            uri("https://pki.example.com/int.crl"),
                            uri("http://pki.example.com/int.crl"),
                            uri("ldap://dc1.example.com/" + PATH)})), null, null)})).build().certificate();

        assertThat(DistributionPoints.of(certificate).get(0).uris()).extracting(URI::toString).containsExactly(
                "ldap:///" + PATH + "?certificateRevocationList?base?objectClass=cRLDistributionPoint",
                "https://pki.example.com/int.crl",
                "http://pki.example.com/int.crl",
                "ldap://dc1.example.com/" + PATH);
        assertThat(DistributionPoints.hasFetchableDistributionPoint(certificate)).isTrue();
    }

    private static GeneralName uri(String text) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, text);
    }
}
