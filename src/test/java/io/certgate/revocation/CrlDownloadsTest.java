package io.certgate.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.CrlServer;
import io.certgate.testing.TestPki;
import java.net.URI;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Downloads from a real HTTP server started here: what a good, dead, slow, garbage, oversize
 * or missing distribution point gives; one download shared by concurrent needs; refresh ahead
 * of nextUpdate and the grace period after it. Time moves only by the test's hand.
 */
class CrlDownloadsTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** The timeouts of the test that waits for one to pass. */
    static final Duration SHORT = Duration.ofMillis(500);
    /**
     * The timeouts of every other test: readTimeout bounds a whole answer, and a good server in
     * this JVM may take longer than SHORT to send it on a busy machine.
     */
    static final Duration PATIENT = Duration.ofSeconds(10);
    static final Duration GRACE = Duration.ofHours(1);
    static final Duration REFRESH = Duration.ofHours(6);
    static final long MAX_BYTES = 64 * 1024;

    private final TestPki pki = TestPki.create(NOW);
    private final Credential ca = pki.intermediate();
    private final Credential alice = pki.client("alice").build();
    private final CrlServer server = CrlServer.start();
    private final ManualScheduler scheduler = new ManualScheduler(NOW);
    private final AtomicInteger changes = new AtomicInteger();
    private ExecutorService pool;

    @AfterEach
    void stop() {
        server.close();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void aCrlIsDownloadedOnceAndThenServedFromMemory() {
        server.serve("/int.crl", crl(1, NOW));
        CrlDownloads downloads = downloads(PATIENT);

        CrlCheck.Download first = downloads.get(url("/int.crl"), NOW);
        CrlCheck.Download second = downloads.get(url("/int.crl"), NOW);

        assertThat(first.problem()).isEmpty();
        assertThat(first.crls()).singleElement().satisfies(held -> {
            assertThat(held.source()).isEqualTo("crl:" + url("/int.crl"));
            assertThat(held.crl().issuer()).isEqualTo(ca.certificate().getSubjectX500Principal());
            assertThat(held.grace()).isEqualTo(GRACE);
        });
        assertThat(second.crls()).isEqualTo(first.crls());
        assertThat(server.requests("/int.crl")).isEqualTo(1);
        assertThat(changes.get()).isEqualTo(1);
    }

    @Test
    void aPemCrlIsReadToo() {
        server.servePem("/int.pem", crl(1, NOW));

        assertThat(downloads(PATIENT).get(url("/int.pem"), NOW).crls()).hasSize(1);
    }

    @Test
    void aDeadDistributionPointIsNamedWithWhatWentWrong() {
        URI dead = URI.create(CrlServer.deadUrl("/int.crl"));

        CrlCheck.Download download = downloads(PATIENT).get(dead, NOW);

        assertThat(download.crls()).isEmpty();
        assertThat(download.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("the CRL at " + dead + " cannot be reached: ").containsIgnoringCase("refused"));
    }

    @Test
    void aDistributionPointThatNeverAnswersTimesOut() {
        server.hang("/slow.crl");

        CrlCheck.Download download = downloads(SHORT).get(url("/slow.crl"), NOW);

        assertThat(download.problem()).contains("the CRL at " + url("/slow.crl") + " did not answer within 500ms (timed out)");
    }

    @Test
    void garbageIsNotACrl() {
        server.serveGarbage("/garbage.crl");

        CrlCheck.Download download = downloads(PATIENT).get(url("/garbage.crl"), NOW);

        assertThat(download.problem()).contains("the CRL at " + url("/garbage.crl")
                + " cannot be read as a CRL: expected SEQUENCE at offset 0, found tag 0x3c");
    }

    @Test
    void anAnnouncedOversizeBodyIsRefusedBeforeItIsRead() {
        server.serveBytes("/huge.crl", new byte[(int) MAX_BYTES + 1]);

        assertThat(downloads(PATIENT).get(url("/huge.crl"), NOW).problem()).contains("the CRL at " + url("/huge.crl")
                + " is " + (MAX_BYTES + 1) + " bytes, more than the limit of " + MAX_BYTES);
    }

    @Test
    void anUnannouncedOversizeBodyIsCutOffAtTheLimit() {
        server.serveUnannounced("/stream.crl", (int) MAX_BYTES * 4);

        assertThat(downloads(PATIENT).get(url("/stream.crl"), NOW).problem()).contains("the CRL at " + url("/stream.crl")
                + " sent more than the limit of " + MAX_BYTES + " bytes");
    }

    @Test
    void aMissingCrlSaysWhatTheServerAnswered() {
        assertThat(downloads(PATIENT).get(url("/nowhere.crl"), NOW).problem())
                .contains("the CRL at " + url("/nowhere.crl") + " answered HTTP 404 Not Found");
    }

    @Test
    void rightAfterAFailureRequestsAreToldAtOnceAndTheBackgroundRetryRecovers() {
        server.serveStatus("/int.crl", 503);
        CrlDownloads downloads = downloads(PATIENT);
        downloads.get(url("/int.crl"), NOW);

        CrlCheck.Download again = downloads.get(url("/int.crl"), NOW);

        assertThat(again.problem()).contains("the CRL at " + url("/int.crl") + " answered HTTP 503 Service Unavailable");
        assertThat(server.requests("/int.crl")).isEqualTo(1);

        server.serve("/int.crl", crl(1, NOW));
        scheduler.advance(CrlDownloads.RETRY_BASE);

        assertThat(downloads.get(url("/int.crl"), scheduler.now()).problem()).isEmpty();
        assertThat(server.requests("/int.crl")).isEqualTo(2);
        assertThat(changes.get()).isEqualTo(1);
    }

    @Test
    void concurrentNeedsForOneUrlShareOneDownload() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        server.serveWhenOpened("/int.crl", crl(1, NOW), gate);
        pool = Executors.newFixedThreadPool(4);
        CrlDownloads downloads = new CrlDownloads(new HttpDownloader(Duration.ofSeconds(10), Duration.ofSeconds(10), MAX_BYTES),
                new DownloadSlots(pool, 4), scheduler, scheduler.clock(), GRACE, REFRESH, changes::incrementAndGet, crl -> { });
        List<Thread> waiting = new ArrayList<>();
        List<CrlCheck.Download> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> results.add(downloads.get(url("/int.crl"), NOW)));
            thread.start();
            waiting.add(thread);
        }
        for (Thread thread : waiting) {
            while (thread.getState() != Thread.State.TIMED_WAITING && thread.isAlive()) {
                Thread.onSpinWait(); // each waits for the shared download, which the gate holds
            }
        }
        gate.countDown();
        for (Thread thread : waiting) {
            thread.join();
        }

        assertThat(results).hasSize(8).allSatisfy(r -> assertThat(r.crls()).hasSize(1));
        assertThat(server.requests("/int.crl")).isEqualTo(1);
    }

    @Test
    void aNewCrlIsFetchedAheadOfNextUpdateAndCountsAsAChange() {
        Instant nextUpdate = NOW.plus(Duration.ofHours(2));
        X509CRL first = crl(1, NOW, nextUpdate);
        server.serve("/int.crl", first);
        CrlDownloads downloads = downloads(PATIENT);
        downloads.get(url("/int.crl"), NOW);
        // A tenth of the two hours from thisUpdate to nextUpdate: the refresh is due 12 minutes before nextUpdate.
        Instant due = nextUpdate.minus(Duration.ofMinutes(12));
        assertThat(scheduler.nextDue()).contains(due);
        assertThat(downloads.snapshots()).singleElement().satisfies(s -> assertThat(s.nextRefresh()).contains(due));

        server.serve("/int.crl", CrlMint.by(ca).validity(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(4)))
                .number(2).revoke(alice, CrlMint.KEY_COMPROMISE).build());
        scheduler.advanceTo(due);

        assertThat(changes.get()).isEqualTo(2);
        assertThat(downloads.get(url("/int.crl"), scheduler.now()).crls().get(0).crl().extensions().number())
                .contains(java.math.BigInteger.TWO);
        assertThat(server.requests("/int.crl")).isEqualTo(2);
    }

    @Test
    void aServerThatServesAStaleCrlIsNotAskedAgainOnEveryValidation() {
        server.serve("/int.crl", crl(1, NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(1))));
        CrlDownloads downloads = downloads(PATIENT);

        CrlCheck.Download first = downloads.get(url("/int.crl"), NOW);
        CrlCheck.Download again = downloads.get(url("/int.crl"), NOW);

        assertThat(first.crls()).hasSize(1);
        assertThat(again.crls()).isEqualTo(first.crls());
        assertThat(server.requests("/int.crl")).as("downloaded once, not once per validation").isEqualTo(1);

        scheduler.advance(CrlDownloads.RETRY_BASE);
        downloads.get(url("/int.crl"), scheduler.now());
        assertThat(server.requests("/int.crl")).as("asked again after the retry interval").isGreaterThanOrEqualTo(2);
    }

    @Test
    void anUnchangedCrlIsNoChange() {
        server.serve("/int.crl", crl(1, NOW));
        CrlDownloads downloads = downloads(PATIENT);
        downloads.get(url("/int.crl"), NOW);

        scheduler.advance(REFRESH);

        assertThat(server.requests("/int.crl")).isEqualTo(2);
        assertThat(changes.get()).isEqualTo(1);
    }

    @Test
    void whenRefreshesFailTheLastGoodCrlIsUsedUntilNextUpdatePlusGraceAndThenTheFailureIsTold() {
        Instant nextUpdate = NOW.plus(Duration.ofHours(2));
        server.serve("/int.crl", crl(1, NOW, nextUpdate));
        CrlDownloads downloads = downloads(PATIENT);
        downloads.get(url("/int.crl"), NOW);
        server.serveStatus("/int.crl", 503);

        scheduler.advanceTo(nextUpdate.plus(GRACE).minusSeconds(1));
        CrlCheck.Download withinGrace = downloads.get(url("/int.crl"), scheduler.now());

        assertThat(withinGrace.problem()).isEmpty();
        assertThat(withinGrace.crls()).hasSize(1);
        assertThat(server.requests("/int.crl")).as("retried in the background").isGreaterThan(2);
        assertThat(downloads.snapshots()).singleElement().satisfies(s -> {
            assertThat(s.lastFailure()).contains("answered HTTP 503 Service Unavailable");
            assertThat(s.failures()).isGreaterThan(1);
        });

        scheduler.advanceTo(nextUpdate.plus(GRACE).plusSeconds(1));
        CrlCheck.Download afterGrace = downloads.get(url("/int.crl"), scheduler.now());

        assertThat(afterGrace.problem()).contains("the CRL at " + url("/int.crl") + " answered HTTP 503 Service Unavailable");
        assertThat(afterGrace.crls()).as("still handed over, so that the check can say it expired").hasSize(1);
    }

    @Test
    void failedRefreshesBackOffUpToTheRefreshInterval() {
        server.serve("/int.crl", crl(1, NOW));
        CrlDownloads downloads = downloads(PATIENT);
        downloads.get(url("/int.crl"), NOW);
        server.serveStatus("/int.crl", 500);
        List<Duration> gaps = new ArrayList<>();
        Instant before = scheduler.now();
        for (int i = 0; i < 12; i++) {
            Instant due = scheduler.nextDue().orElseThrow();
            scheduler.advanceTo(due);
            Instant next = scheduler.nextDue().orElseThrow();
            gaps.add(Duration.between(due, next));
            before = next;
        }

        assertThat(gaps).startsWith(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(gaps.get(gaps.size() - 1)).isEqualTo(Duration.ofSeconds(640));
        assertThat(before).isAfter(NOW);
    }

    @Test
    void anOlderCrlServedLaterIsRefusedSoThatAReplayCannotUndoARevocation() {
        server.serve("/int.crl", CrlMint.by(ca).at(NOW).number(2).revoke(alice, CrlMint.KEY_COMPROMISE).build());
        CrlDownloads downloads = downloads(PATIENT);
        downloads.get(url("/int.crl"), NOW);
        server.serve("/int.crl", CrlMint.by(ca).at(NOW.minus(Duration.ofDays(1))).number(1).build());

        scheduler.advance(REFRESH);

        assertThat(downloads.snapshots()).singleElement().satisfies(s -> {
            assertThat(s.entries()).isEqualTo(1);
            assertThat(s.lastFailure()).hasValueSatisfying(f -> assertThat(f).startsWith("served a CRL issued "));
        });
    }

    @Test
    void aUrlNoCertificateNeedsAnyMoreIsForgotten() {
        server.serve("/int.crl", crl(1, NOW, NOW.plus(Duration.ofDays(30))));
        CrlDownloads downloads = downloads(PATIENT);
        downloads.get(url("/int.crl"), NOW);

        scheduler.advance(CrlDownloads.FORGET_AFTER.plus(REFRESH.multipliedBy(2)));

        assertThat(downloads.snapshots()).isEmpty();
        assertThat(scheduler.nextDue()).isEmpty();
    }

    @Test
    void aUrlThatNeverGaveACrlIsNotRetriedInTheBackground() {
        server.serveStatus("/gone.crl", 503);
        CrlDownloads downloads = downloads(PATIENT);

        assertThat(downloads.get(url("/gone.crl"), NOW).problem()).isPresent();
        assertThat(scheduler.nextDue()).as("no background retry is scheduled").isEmpty();
        scheduler.advance(Duration.ofDays(2));

        assertThat(server.requests("/gone.crl")).as("asked once, by the certificate that needed it").isEqualTo(1);
        assertThat(downloads.get(url("/gone.crl"), scheduler.now()).problem()).isPresent();
        assertThat(server.requests("/gone.crl")).as("a certificate that needs it again asks again").isEqualTo(2);
    }

    @Test
    void aRequestNeverWaitsItRecordsTheDownloadAndTheNextAskFindsTheCrl() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        server.serveWhenOpened("/int.crl", crl(1, NOW), gate);
        pool = Executors.newCachedThreadPool();
        CrlDownloads downloads = new CrlDownloads(new HttpDownloader(Duration.ofSeconds(10), Duration.ofSeconds(10), MAX_BYTES),
                new DownloadSlots(pool, 4), scheduler, scheduler.clock(), GRACE, REFRESH, changes::incrementAndGet, crl -> { });
        PendingDownloads first = PendingDownloads.collecting(Duration.ofSeconds(20));
        PendingDownloads second = PendingDownloads.collecting(Duration.ofSeconds(20));

        CrlCheck.Download pendingOne = downloads.get(url("/int.crl"), NOW, first);
        CrlCheck.Download pendingTwo = downloads.get(url("/int.crl"), NOW, second);

        assertThat(pendingOne.crls()).isEmpty();
        assertThat(pendingOne.problem()).contains("the CRL at " + url("/int.crl") + " is being downloaded");
        assertThat(first.isEmpty()).isFalse();
        assertThat(second.isEmpty()).isFalse();
        assertThat(first.settled()).isNotDone();
        gate.countDown();
        first.settled().get(30, java.util.concurrent.TimeUnit.SECONDS);
        second.settled().get(30, java.util.concurrent.TimeUnit.SECONDS);

        PendingDownloads again = PendingDownloads.collecting(Duration.ofSeconds(20));
        assertThat(downloads.get(url("/int.crl"), NOW, again).crls()).hasSize(1);
        assertThat(again.isEmpty()).as("nothing more to wait for").isTrue();
        assertThat(server.requests("/int.crl")).as("one download for both").isEqualTo(1);
        assertThat(pendingTwo.problem()).isPresent();
    }

    @Test
    void atMostTwoDownloadsRunPerHostAndAnotherHostIsNotQueuedBehindThem() throws Exception {
        try (io.certgate.testing.SilentServer dead = io.certgate.testing.SilentServer.silent()) {
            server.serve("/int.crl", crl(1, NOW));
            pool = Executors.newCachedThreadPool();
            DownloadSlots slots = new DownloadSlots(pool, 16);
            CrlDownloads downloads = new CrlDownloads(new HttpDownloader(Duration.ofSeconds(30), Duration.ofSeconds(30),
                    MAX_BYTES), slots, scheduler, scheduler.clock(), GRACE, REFRESH, changes::incrementAndGet, crl -> { });
            PendingDownloads pending = PendingDownloads.collecting(Duration.ofSeconds(60));
            for (int i = 0; i < 5; i++) {
                downloads.get(URI.create(dead.url("/ca" + i + ".crl")), NOW, pending);
            }
            dead.awaitAccepted(2);
            String deadHost = DownloadSlots.hostOf(URI.create(dead.url("/")));

            assertThat(slots.runningFor(deadHost)).isEqualTo(DownloadSlots.MAX_PER_HOST);
            assertThat(slots.waitingFor(deadHost)).isEqualTo(3);
            PendingDownloads last = PendingDownloads.lastRound(Duration.ofSeconds(60));
            assertThat(downloads.get(URI.create(dead.url("/ca4.crl")), NOW, last).problem()).hasValueSatisfying(p ->
                    assertThat(p).contains("did not arrive within 60s (timed out); it waits for a download slot: 2 downloads"
                            + " from " + deadHost + " are running (2 at most) and 3 waiting"));

            PendingDownloads healthy = PendingDownloads.collecting(Duration.ofSeconds(60));
            downloads.get(url("/int.crl"), NOW, healthy);
            healthy.settled().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(downloads.get(url("/int.crl"), NOW, healthy).crls()).as("another host's CRL arrived").hasSize(1);
            assertThat(dead.accepted()).as("still two connections to the dead host").isEqualTo(2);
            assertThat(dead.closedByClient()).isZero();

            dead.release(); // the two running downloads fail; the waiting ones take their slots
            dead.awaitAccepted(4);
            dead.release();
            dead.awaitAccepted(5);
            dead.release();
            pending.settled().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private CrlDownloads downloads(Duration timeouts) {
        return new CrlDownloads(new HttpDownloader(timeouts, timeouts, MAX_BYTES), DownloadSlots.inline(), scheduler,
                scheduler.clock(), GRACE, REFRESH, changes::incrementAndGet, crl -> { });
    }

    private X509CRL crl(long number, Instant now) {
        return CrlMint.by(ca).at(now).number(number).build();
    }

    private X509CRL crl(long number, Instant thisUpdate, Instant nextUpdate) {
        return CrlMint.by(ca).validity(thisUpdate, nextUpdate).number(number).build();
    }

    private URI url(String path) {
        return URI.create(server.url(path));
    }
}
