package io.certgate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshake accepts any client chain (judged later, to answer 403.16 with a reason) and advertises the CA list. */
class AcceptAnyChainTrustManagerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final TestPki pki = TestPki.create(NOW);
    private final TestPki other = TestPki.create(NOW, "Other");

    @Test
    void acceptedIssuersAreTheAdvertisedCertificatesInOrder() {
        List<X509Certificate> advertised = List.of(pki.root().certificate(), other.root().certificate());

        X509Certificate[] issuers = new AcceptAnyChainTrustManager(advertised).getAcceptedIssuers();

        assertThat(issuers).containsExactly(pki.root().certificate(), other.root().certificate());
    }

    @Test
    void advertisingNoneSendsAnEmptyList() {
        assertThat(new AcceptAnyChainTrustManager(List.of()).getAcceptedIssuers()).isEmpty();
    }

    @Test
    void callerCannotChangeTheAdvertisedList() {
        AcceptAnyChainTrustManager manager = new AcceptAnyChainTrustManager(List.of(pki.root().certificate()));

        manager.getAcceptedIssuers()[0] = other.root().certificate();

        assertThat(manager.getAcceptedIssuers()).containsExactly(pki.root().certificate());
    }

    @Test
    void anyClientChainCompletesTheHandshakeEvenAnExpiredOneFromAnUnknownCa() {
        Credential stranger = other.client("mallory").expired().build();
        AcceptAnyChainTrustManager manager = new AcceptAnyChainTrustManager(List.of(pki.root().certificate()));
        X509Certificate[] chain = stranger.chainWithoutRoot().toArray(new X509Certificate[0]);

        assertThatCode(() -> manager.checkClientTrusted(chain, "ECDHE_ECDSA")).doesNotThrowAnyException();
        assertThatCode(() -> manager.checkClientTrusted(chain, "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null))
                .doesNotThrowAnyException();
    }

    @Test
    void serverCertificatesAreNeverJudgedByIt() {
        AcceptAnyChainTrustManager manager = new AcceptAnyChainTrustManager(List.of());
        X509Certificate[] chain = {pki.server("localhost").certificate()};

        assertThatThrownBy(() -> manager.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(java.security.cert.CertificateException.class);
    }
}
