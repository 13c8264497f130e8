package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.testing.CrlServer;
import io.certgate.testing.SilentServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The downloader against real HTTP servers started here: good ones, and ones that never finish. */
class HttpDownloaderTest {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration READ = Duration.ofMillis(500);

    @Test
    void timeoutsLongerThanAnIntOfMillisecondsStillWork() throws Exception {
        // A socket timeout is an int of milliseconds: 24.8 days at most. 25 days must not wrap to
        // a negative number; the config accepts up to 365 days.
        HttpDownloader downloader = new HttpDownloader(Duration.ofDays(25), Duration.ofDays(25), 1 << 20);
        try (CrlServer server = CrlServer.start()) {
            server.serveBytes("/hello", "hello".getBytes(StandardCharsets.US_ASCII));

            assertThat(downloader.get(URI.create(server.url("/hello")))).asString(StandardCharsets.US_ASCII)
                    .isEqualTo("hello");
        }
    }

    @Test
    @Timeout(60) // without one deadline for the whole answer, this download would never end
    void aServerThatDripsItsHeadersAByteAtATimeHitsTheOneDeadlineOfTheAnswer() throws Exception {
        // A byte every 50 ms is ten times faster than the 500 ms readTimeout: a timeout that each
        // byte restarted would never fire, and the header never ends.
        try (SilentServer dripping = SilentServer.dripping(Duration.ofMillis(50))) {
            HttpDownloader downloader = new HttpDownloader(CONNECT, READ, 1 << 20);

            assertThatThrownBy(() -> downloader.get(URI.create(dripping.url("/int.crl"))))
                    .isInstanceOf(HttpDownloader.DownloadException.class)
                    .hasMessage("did not finish its answer within 500ms (timed out)");
            assertThat(dripping.bytesSent()).as("the server kept sending while the download waited").isGreaterThan(1);
            dripping.awaitClosedByClient(1);
        }
    }

    @Test
    @Timeout(60)
    void aServerThatAcceptsAndNeverAnswersIsGivenUpAfterReadTimeout() throws Exception {
        try (SilentServer silent = SilentServer.silent()) {
            HttpDownloader downloader = new HttpDownloader(CONNECT, READ, 1 << 20);

            assertThatThrownBy(() -> downloader.get(URI.create(silent.url("/int.crl"))))
                    .hasMessage("did not answer within 500ms (timed out)");
            silent.awaitClosedByClient(1);
        }
    }

    @Test
    void aChunkedBodyIsReadWhole() throws Exception {
        try (CrlServer server = CrlServer.start()) {
            server.serveUnannounced("/big", 200_000);

            assertThat(new HttpDownloader(CONNECT, CONNECT, 1 << 20).get(URI.create(server.url("/big")))).hasSize(200_000);
        }
    }

    @Test
    void aRedirectToAnotherHttpUrlIsFollowed() throws Exception {
        try (CrlServer server = CrlServer.start()) {
            server.serveBytes("/new.crl", "moved".getBytes(StandardCharsets.US_ASCII));
            server.redirect("/old.crl", server.url("/new.crl"));

            assertThat(new HttpDownloader(CONNECT, CONNECT, 1 << 20).get(URI.create(server.url("/old.crl"))))
                    .asString(StandardCharsets.US_ASCII).isEqualTo("moved");
            assertThat(server.requests("/new.crl")).isEqualTo(1);
        }
    }

    @Test
    void aRedirectLoopEndsWithAReason() throws Exception {
        try (CrlServer server = CrlServer.start()) {
            server.redirect("/loop.crl", "/loop.crl");

            assertThatThrownBy(() -> new HttpDownloader(CONNECT, CONNECT, 1 << 20).get(URI.create(server.url("/loop.crl"))))
                    .hasMessage("redirected more than " + HttpDownloader.MAX_REDIRECTS + " times");
        }
    }

    /** https checked against these roots, as the JVM's trust store would hold them. */
    private static HttpDownloader trusting(io.certgate.pki.Credential root) throws Exception {
        java.security.KeyStore roots = java.security.KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry("root", root.certificate());
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return new HttpDownloader(CONNECT, CONNECT, 1 << 20, java.util.Optional.of(context.getSocketFactory()));
    }

    @Test
    void anHttpsDistributionPointIsReadOverTls() throws Exception {
        io.certgate.testing.TestPki pki = io.certgate.testing.TestPki.create(java.time.Instant.now());
        try (CrlServer server = CrlServer.startHttps(io.certgate.testing.ServerTls.presenting(pki.server("localhost")))) {
            java.security.cert.X509CRL crl = pki.intermediateCrl().build();
            server.serve("/int.crl", crl);

            assertThat(trusting(pki.root()).get(URI.create(server.url("/int.crl")))).isEqualTo(crl.getEncoded());
            assertThat(server.url("/int.crl")).startsWith("https://localhost:");
        }
    }

    @Test
    void anHttpsServerWhoseCertificateIsNotTrustedGivesNoCrl() throws Exception {
        io.certgate.testing.TestPki pki = io.certgate.testing.TestPki.create(java.time.Instant.now());
        io.certgate.testing.TestPki other = io.certgate.testing.TestPki.create(java.time.Instant.now(), "Other");
        try (CrlServer server = CrlServer.startHttps(io.certgate.testing.ServerTls.presenting(other.server("localhost")))) {
            server.serve("/int.crl", pki.intermediateCrl().build());

            assertThatThrownBy(() -> trusting(pki.root()).get(URI.create(server.url("/int.crl"))))
                    .isInstanceOf(HttpDownloader.DownloadException.class)
                    .hasMessageStartingWith("cannot be read over TLS from localhost:");
            assertThat(server.requests("/int.crl")).as("nothing was asked of an untrusted server").isZero();
        }
    }

    @Test
    void anHttpsServerWhoseCertificateNamesAnotherHostGivesNoCrl() throws Exception {
        io.certgate.testing.TestPki pki = io.certgate.testing.TestPki.create(java.time.Instant.now());
        io.certgate.pki.Credential elsewhere = io.certgate.pki.Credential.builder().subject("CN=crl.example.com")
                .serverAuth().dns("crl.example.com").issuedBy(pki.root()).now(pki.now()).build();
        try (CrlServer server = CrlServer.startHttps(io.certgate.testing.ServerTls.presenting(elsewhere))) {
            server.serve("/int.crl", pki.intermediateCrl().build());

            assertThatThrownBy(() -> trusting(pki.root()).get(URI.create(server.url("/int.crl"))))
                    .hasMessageStartingWith("cannot be read over TLS from localhost:");
        }
    }

    @Test
    @Timeout(60)
    void aServerThatNeverFinishesTheTlsHandshakeHitsTheDeadline() throws Exception {
        try (SilentServer silent = SilentServer.silent()) {
            HttpDownloader downloader = new HttpDownloader(CONNECT, READ, 1 << 20);
            URI url = URI.create(silent.url("/int.crl").replaceFirst("^http:", "https:"));

            assertThatThrownBy(() -> downloader.get(url))
                    .hasMessage("did not finish the TLS handshake within 500ms (timed out)");
        }
    }
}
