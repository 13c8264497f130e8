package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.CrlServer;
import io.certgate.testing.OcspResponder;
import io.certgate.testing.TestPki;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OCSP against a real responder started here, its responses built by Bouncy Castle: each
 * status, who may sign, freshness, the nonce, and the cache.
 */
class OcspClientTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final TestPki pki = TestPki.create(NOW);
    private final Credential ca = pki.intermediate();
    private final OcspResponder responder = OcspResponder.start(ca, NOW);
    private final Credential alice = pki.client("alice").ocspResponder(responder.url()).build();
    private final String source = "ocsp:" + responder.url();

    @AfterEach
    void stop() {
        responder.close();
    }

    @Test
    void goodHoldsUntilTheResponsesNextUpdate() {
        RevocationStatus status = client(false).check(alice.certificate(), ca.certificate(), NOW);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(status.source()).isEqualTo(source);
        assertThat(status.validUntil()).contains(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void revokedSaysWhenAndWhy() {
        responder.answer(alice, OcspResponder.Answer.REVOKED);

        RevocationStatus status = client(false).check(alice.certificate(), ca.certificate(), NOW);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.revocationReason()).contains("keyCompromise");
        assertThat(status.revokedAt()).contains(NOW.minus(Duration.ofMinutes(1)).minus(Duration.ofDays(1)));
    }

    @Test
    void unknownToTheResponderIsUnknown() {
        responder.answer(alice, OcspResponder.Answer.UNKNOWN);

        RevocationStatus status = client(false).check(alice.certificate(), ca.certificate(), NOW);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).isEqualTo("the OCSP responder " + responder.url()
                + " does not know the certificate (status unknown)");
    }

    @Test
    void aResponseSignedByAnotherKeyInTheIssuersNameIsNotBelieved() {
        Credential impostor = Credential.builder().subject("CN=Test Issuing CA,O=certgate tests")
                .certificateAuthority(0).now(NOW).build();
        responder.answer(alice, OcspResponder.Answer.REVOKED).signedBy(impostor, false);

        RevocationStatus status = client(false).check(alice.certificate(), ca.certificate(), NOW);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).isEqualTo("the OCSP responder " + responder.url()
                + " sent a response that is not signed by the issuer's key");
    }

    @Test
    void aResponderTheIssuerAuthorisedMaySign() {
        responder.answer(alice, OcspResponder.Answer.REVOKED).signedBy(OcspResponder.delegate(ca, NOW, true), true);

        assertThat(client(false).check(alice.certificate(), ca.certificate(), NOW).state())
                .isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void aResponderCertificateWithoutOcspSigningMayNot() {
        responder.signedBy(OcspResponder.delegate(ca, NOW, false), true);

        RevocationStatus status = client(false).check(alice.certificate(), ca.certificate(), NOW);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).endsWith("is signed by a certificate not authorised for OCSP (no id-kp-OCSPSigning)");
    }

    @Test
    void aStaleResponseIsNotUsed() {
        responder.validity(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));

        RevocationStatus status = client(false).check(alice.certificate(), ca.certificate(), NOW);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).isEqualTo("the OCSP response from " + responder.url()
                + " is stale: it was valid until " + NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void aResponseWithoutNextUpdateHoldsFromItsThisUpdateSoAnOldOneReplayedIsNotUsed() {
        responder.validity(NOW.minus(Duration.ofDays(30)), null);

        RevocationStatus replayed = client(false).check(alice.certificate(), ca.certificate(), NOW);

        assertThat(replayed.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(replayed.detail()).isEqualTo("the OCSP response from " + responder.url()
                + " is stale: it was valid until " + NOW.minus(Duration.ofDays(30)).plus(OcspClient.WITHOUT_NEXT_UPDATE));

        responder.validity(NOW.minus(Duration.ofMinutes(1)), null);
        RevocationStatus fresh = client(false).check(alice.certificate(), ca.certificate(), NOW);
        assertThat(fresh.state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(fresh.validUntil()).contains(NOW.minus(Duration.ofMinutes(1)).plus(OcspClient.WITHOUT_NEXT_UPDATE));
    }

    @Test
    void withNoncesOnTheNonceMustComeBack() {
        assertThat(client(true).check(alice.certificate(), ca.certificate(), NOW).state())
                .isEqualTo(RevocationStatus.State.GOOD);

        responder.ignoreNonce();
        RevocationStatus status = client(true).check(alice.certificate(), ca.certificate(), NOW);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).contains("sent a response without the request's nonce");
    }

    @Test
    void answersAreCachedUntilNextUpdate() {
        OcspClient client = client(false);

        client.check(alice.certificate(), ca.certificate(), NOW);
        client.check(alice.certificate(), ca.certificate(), NOW.plus(Duration.ofMinutes(59)));
        assertThat(responder.requests()).isEqualTo(1);

        client.check(alice.certificate(), ca.certificate(), NOW.plus(Duration.ofMinutes(61)));
        assertThat(responder.requests()).isEqualTo(2);
    }

    @Test
    void aDeadResponderIsNamedWithWhatWentWrong() {
        String dead = CrlServer.deadUrl("/ocsp");
        Credential bob = pki.client("bob").ocspResponder(dead).build();

        RevocationStatus status = client(false).check(bob.certificate(), ca.certificate(), NOW);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.source()).isEqualTo("ocsp:" + dead);
        assertThat(status.detail()).startsWith("the OCSP responder " + dead + " cannot be reached: ");
    }

    @Test
    void aFailedResponderIsLeftAloneForAWhileThenAskedAgain() {
        Credential impostor = Credential.builder().subject("CN=Test Issuing CA,O=certgate tests")
                .certificateAuthority(0).now(NOW).build();
        responder.signedBy(impostor, false);
        ManualScheduler time = new ManualScheduler(NOW);
        OcspClient client = new OcspClient(new HttpDownloader(TIMEOUT, TIMEOUT, 1 << 20), DownloadSlots.inline(), time.clock(), false);

        RevocationStatus first = client.check(alice.certificate(), ca.certificate(), NOW);
        responder.signedBy(ca, false); // the responder is mended at once

        RevocationStatus soonAfter = client.check(alice.certificate(), ca.certificate(), NOW);
        assertThat(soonAfter.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(soonAfter.detail()).isEqualTo(first.detail());
        assertThat(responder.requests()).isEqualTo(1);

        time.advance(CrlDownloads.RETRY_BASE.plusSeconds(1));
        RevocationStatus later = client.check(alice.certificate(), ca.certificate(), time.now());
        assertThat(later.state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(responder.requests()).isEqualTo(2);
    }

    @Test
    void aCertificateWithoutAResponderIsUnknown() {
        Credential carol = pki.client("carol").build();

        assertThat(client(false).check(carol.certificate(), ca.certificate(), NOW).detail())
                .isEqualTo("the certificate names no OCSP responder");
    }

    @Test
    void aResponderThatNeverAnswersIsRecordedAsPendingNotWaitedForAndConcurrentQuestionsShareOneRequest() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        try (io.certgate.testing.SilentServer silent = io.certgate.testing.SilentServer.silent()) {
            Credential dora = pki.client("dora").ocspResponder(silent.url("/ocsp")).build();
            OcspClient client = new OcspClient(new HttpDownloader(Duration.ofSeconds(30), Duration.ofSeconds(30), 1 << 20),
                    new DownloadSlots(pool, 4), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC), false);
            PendingDownloads first = PendingDownloads.collecting(Duration.ofSeconds(60));
            PendingDownloads second = PendingDownloads.collecting(Duration.ofSeconds(60));

            RevocationStatus asked = client.check(dora.certificate(), ca.certificate(), NOW, first);
            client.check(dora.certificate(), ca.certificate(), NOW, second);
            silent.awaitAccepted(1);

            assertThat(asked.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
            assertThat(asked.detail()).isEqualTo("the OCSP responder " + silent.url("/ocsp") + " is being asked");
            assertThat(first.isEmpty()).isFalse();
            assertThat(second.isEmpty()).isFalse();
            RevocationStatus late = client.check(dora.certificate(), ca.certificate(), NOW,
                    PendingDownloads.lastRound(Duration.ofSeconds(60)));
            assertThat(late.detail()).isEqualTo("the OCSP responder " + silent.url("/ocsp")
                    + " did not answer within 60s (timed out)");

            silent.release();
            first.settled().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(silent.accepted()).as("one request for both questions").isEqualTo(1);
            assertThat(client.check(dora.certificate(), ca.certificate(), NOW, PendingDownloads.collecting(Duration.ZERO))
                    .detail()).as("the request's own failure, remembered").startsWith("the OCSP responder " + silent.url("/ocsp"))
                    .doesNotContain("timed out").doesNotContain("is being asked");
        } finally {
            pool.shutdownNow();
        }
    }

    private OcspClient client(boolean nonce) {
        return new OcspClient(new HttpDownloader(TIMEOUT, TIMEOUT, 1 << 20), DownloadSlots.inline(),
                java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC), nonce);
    }
}
