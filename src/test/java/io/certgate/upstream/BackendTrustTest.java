package io.certgate.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certgate.pki.Credential;
import io.certgate.testing.TestPki;
import io.certgate.upstream.UpstreamTlsFailure.Kind;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Whom certgate trusts as a backend: chain to a configured root, then purpose, then the RFC 6125 name. */
class BackendTrustTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TestPki PKI = TestPki.create(NOW, "Backend");
    private static final TestPki ELSEWHERE = TestPki.create(NOW, "Elsewhere");

    private final BackendTrust trust = new BackendTrust(List.of(PKI.root().certificate()), "app.internal",
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static X509Certificate[] sent(Credential credential) {
        return credential.chain().toArray(new X509Certificate[0]);
    }

    private Kind refusal(Credential backend) {
        return refusal(trust, backend);
    }

    private static Kind refusal(BackendTrust trust, Credential backend) {
        BackendCertificateException e = catchThrowableOfType(BackendCertificateException.class,
                () -> trust.check(sent(backend)));
        assertThat(e).as("expected the backend's certificate to be refused").isNotNull();
        return e.failure().kind();
    }

    private static Credential.Builder server(TestPki pki) {
        return Credential.builder().subject("CN=app.internal").serverAuth().issuedBy(pki.intermediate()).now(NOW);
    }

    @Test
    void aChainToTheRootNamingTheServerIsTrusted() throws Exception {
        trust.check(sent(server(PKI).dns("app.internal").build()));
        trust.check(server(PKI).dns("app.internal").build().chainWithoutRoot().toArray(new X509Certificate[0]));
    }

    @Test
    void aChainToAnotherRootIsAnUnknownCaEvenWithTheRightName() {
        assertThat(refusal(server(ELSEWHERE).dns("app.internal").build())).isEqualTo(Kind.UNKNOWN_CA);
    }

    @Test
    void aNameOnlyInTheSubjectCnIsANameMismatch() {
        // RFC 6125 §6.4.4 / RFC 9525: no CN fallback, whatever the JDK's HTTPS check would do
        assertThat(refusal(server(PKI).build())).isEqualTo(Kind.NAME_MISMATCH);
        assertThat(refusal(server(PKI).dns("other.internal").build())).isEqualTo(Kind.NAME_MISMATCH);
    }

    @Test
    void anExpiredOrNotYetValidCertificateSaysSo() {
        assertThat(refusal(server(PKI).dns("app.internal").expired().build())).isEqualTo(Kind.EXPIRED);
        assertThat(refusal(server(PKI).dns("app.internal").notYetValid().build())).isEqualTo(Kind.NOT_YET_VALID);
    }

    @Test
    void aClientOnlyCertificateIsNotForServers() {
        Credential clientOnly = Credential.builder().subject("CN=app.internal").clientAuth().dns("app.internal")
                .issuedBy(PKI.intermediate()).now(NOW).build();
        assertThat(refusal(clientOnly)).isEqualTo(Kind.NOT_FOR_SERVERS);
    }

    @Test
    void anIpServerNameMatchesOnlyAnIpAddressEntry() throws Exception {
        BackendTrust byAddress = new BackendTrust(List.of(PKI.root().certificate()), "10.0.0.7",
                Clock.fixed(NOW, ZoneOffset.UTC));
        byAddress.check(sent(server(PKI).ip("10.0.0.7").build()));
        assertThat(refusal(byAddress, server(PKI).dns("10.0.0.7").build())).isEqualTo(Kind.NAME_MISMATCH);
        assertThat(refusal(byAddress, server(PKI).ip("10.0.0.8").build())).isEqualTo(Kind.NAME_MISMATCH);
    }

    @Test
    void theReasonSurvivesTheTlsStacksWrapping() {
        UpstreamTlsFailure failure = new UpstreamTlsFailure(Kind.UNKNOWN_CA, "the chain of CN=x does not lead to a root");
        SSLHandshakeException wrapped = new SSLHandshakeException("certificate_unknown");
        wrapped.initCause(new BackendCertificateException(failure));

        assertThat(UpstreamTlsFailure.of(wrapped)).isEqualTo(failure);
        assertThat(UpstreamTlsFailure.of(new SSLHandshakeException("Received fatal alert: certificate_required")))
                .isEqualTo(new UpstreamTlsFailure(Kind.HANDSHAKE, "Received fatal alert: certificate_required"));
        assertThat(failure.forClient()).isEqualTo("the backend's TLS certificate failed verification: unknown CA")
                .doesNotContain("CN=x");
    }
}
