package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OcspMode;
import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationConfig;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.CrlFile;
import io.certgate.revocation.SiteRevocation;
import io.certgate.testing.CrlServer;
import io.certgate.testing.SilentServer;
import io.certgate.testing.TestClock;
import io.certgate.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Verdicts that need a CRL download wait for it as a future, not on a validation thread: with a
 * single validation thread, a chain covered by a CRL file is judged while another chain's
 * download is still pending, and concurrent verdicts naming one distribution point share one
 * download. Real HTTP servers on loopback; no test waits for a timeout to pass.
 */
class VerdictDownloadsTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** Long, so that nothing here ends by a timeout: the servers are released by the test. */
    static final Duration PATIENT = Duration.ofSeconds(60);

    private final TestPki covered = TestPki.create(NOW, "Covered");
    private final TestPki remote = TestPki.create(NOW, "Remote");
    private final TestClock clock = new TestClock(NOW);
    private final ExecutorService oneValidationThread = Executors.newSingleThreadExecutor();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        oneValidationThread.shutdownNow();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void aChainCoveredByACrlFileIsJudgedWhileAnotherChainsDownloadIsPendingOnTheOnlyValidationThread() throws Exception {
        SilentServer dead = track(SilentServer.silent());
        String url = dead.url("/remote.crl");
        Credential dora = remote.client("dora").crlDistributionPoint(url).build();
        Credential alice = covered.client("alice").build();
        VerdictCache cache = cache(PATIENT, PATIENT);

        CompletableFuture<Verdict> waiting = cache.judge(dora.chainWithoutRoot());
        dead.awaitAccepted(1);
        Verdict answered = cache.judge(alice.chainWithoutRoot()).get(30, TimeUnit.SECONDS);

        assertThat(answered.reason()).as(answered.detail()).isEqualTo(Reason.OK);
        assertThat(answered.revocationSources()).singleElement().asString().startsWith("crl:");
        assertThat(waiting).as("dora's verdict still waits for its download").isNotDone();
        assertThat(dead.closedByClient()).as("the download is still pending").isZero();

        dead.release();
        Verdict refused = waiting.get(30, TimeUnit.SECONDS);

        assertThat(refused.reason()).isEqualTo(Reason.REVOCATION_UNAVAILABLE);
        assertThat(refused.detail()).isEqualTo("the revocation status of certificate CN=dora is unknown: the CRL at "
                + url + " closed the connection without answering");
    }

    @Test
    void concurrentVerdictsNamingOneDistributionPointShareOneDownload() throws Exception {
        CrlServer server = track(CrlServer.start());
        CountDownLatch gate = new CountDownLatch(1);
        server.serveWhenOpened("/remote.crl", remote.intermediateCrl().build(), gate);
        VerdictCache cache = cache(PATIENT, PATIENT);
        List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            verdicts.add(cache.judge(remote.client("client" + i).crlDistributionPoint(server.url("/remote.crl")).build()
                    .chainWithoutRoot()));
        }
        CompletableFuture.runAsync(() -> { }, oneValidationThread).get(30, TimeUnit.SECONDS); // every first try has run

        assertThat(verdicts).as("all ten wait at once, on one validation thread").noneMatch(CompletableFuture::isDone);

        gate.countDown();
        for (CompletableFuture<Verdict> verdict : verdicts) {
            Verdict done = verdict.get(30, TimeUnit.SECONDS);
            assertThat(done.reason()).as(done.detail()).isEqualTo(Reason.OK);
            assertThat(done.revocationSources()).containsExactly("crl:" + server.url("/remote.crl"));
        }
        assertThat(server.requests("/remote.crl")).isEqualTo(1);
    }

    @Test
    void aDistributionPointThatDripsEndsTheVerdictAtTheReadTimeoutWithItsReason() throws Exception {
        SilentServer dripping = track(SilentServer.dripping(Duration.ofMillis(50)));
        String url = dripping.url("/remote.crl");
        VerdictCache cache = cache(PATIENT, Duration.ofMillis(500));

        Verdict refused = cache.judge(remote.client("dora").crlDistributionPoint(url).build().chainWithoutRoot())
                .get(30, TimeUnit.SECONDS);

        assertThat(refused.reason()).isEqualTo(Reason.REVOCATION_UNAVAILABLE);
        assertThat(refused.detail()).endsWith("the CRL at " + url + " did not finish its answer within 500ms (timed out)");
    }

    private VerdictCache cache(Duration connectTimeout, Duration readTimeout) {
        RevocationConfig config = new RevocationConfig(List.of(), true, OcspMode.OFF, OnUnavailable.DENY, Duration.ofHours(1),
                RevocationScope.LEAF, RevocationConfig.DEFAULT_GRACE, connectTimeout, readTimeout,
                RevocationConfig.DEFAULT_MAX_CRL_SIZE, false, Optional.empty(), Optional.empty());
        CrlFile file = new CrlFile(Path.of("covered.crl"), List.of(covered.intermediateCrl().build()));
        SiteRevocation revocation = track(SiteRevocation.start(config, List.of(file),
                List.of(covered.root().certificate(), covered.intermediate().certificate(), remote.root().certificate(),
                        remote.intermediate().certificate()), clock));
        TrustStore trust = TrustStore.of(List.of(covered.root().certificate(), remote.root().certificate()),
                List.of(covered.intermediate().certificate(), remote.intermediate().certificate()));
        PathValidator validator = new PathValidator(trust,
                ValidationPolicy.forClients(5, RevocationScope.LEAF, OnUnavailable.DENY), revocation);
        return new VerdictCache(validator, clock, oneValidationThread, VerdictCache.DEFAULT_MAX_ENTRIES);
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closing.add(closeable);
        return closeable;
    }
}
