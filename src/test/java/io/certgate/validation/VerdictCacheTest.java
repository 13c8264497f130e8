package io.certgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.pki.Credential;
import io.certgate.revocation.RevocationChecker;
import io.certgate.revocation.RevocationStatus;
import io.certgate.testing.TestClock;
import io.certgate.testing.TestPki;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A verdict is decided once per distinct chain and reused until it expires or the revocation
 * data changes. Validations are counted by the revocation checker, which is asked once per
 * validation (scope LEAF).
 */
class VerdictCacheTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final TestPki pki = TestPki.create(NOW);
    private final Credential alice = pki.client("alice").build();
    private final Credential bob = pki.client("bob").build();
    private final SwitchableChecker revocation = new SwitchableChecker();
    private final TestClock clock = new TestClock(NOW);
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void secondJudgeOfTheSameChainIsAHitWithTheSameVerdict() {
        VerdictCache cache = cache(Runnable::run);

        Verdict first = cache.judge(alice.chainWithoutRoot()).join();
        Verdict second = cache.judge(List.copyOf(alice.chainWithoutRoot())).join();

        assertThat(second).isSameAs(first);
        assertThat(first.reason()).isEqualTo(Reason.OK);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(revocation.checks.get()).isEqualTo(1);
    }

    @Test
    void differentChainIsAMiss() {
        VerdictCache cache = cache(Runnable::run);

        Verdict forAlice = cache.judge(alice.chainWithoutRoot()).join();
        Verdict forBob = cache.judge(bob.chainWithoutRoot()).join();

        assertThat(forBob.client().orElseThrow().subject().shortLabel()).isEqualTo("CN=bob");
        assertThat(forAlice.client().orElseThrow().subject().shortLabel()).isEqualTo("CN=alice");
        assertThat(cache.misses()).isEqualTo(2);
        assertThat(cache.hits()).isZero();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void sameCertificateSentWithADifferentChainIsADifferentEntry() {
        VerdictCache cache = cache(Runnable::run);

        cache.judge(alice.chainWithoutRoot()).join();
        cache.judge(List.of(alice.certificate())).join();

        assertThat(cache.misses()).isEqualTo(2);
        assertThat(revocation.checks.get()).isEqualTo(2);
    }

    @Test
    void verdictIsDecidedAgainAfterTheRevocationGenerationChanges() {
        VerdictCache cache = cache(Runnable::run);
        assertThat(cache.judge(alice.chainWithoutRoot()).join().reason()).isEqualTo(Reason.OK);

        revocation.revoked = Set.of(alice.serial());
        assertThat(cache.judge(alice.chainWithoutRoot()).join().reason())
                .as("same generation: the cached verdict stands").isEqualTo(Reason.OK);

        revocation.generation.incrementAndGet();
        Verdict decidedAgain = cache.judge(alice.chainWithoutRoot()).join();

        assertThat(decidedAgain.reason()).isEqualTo(Reason.REVOKED);
        assertThat(decidedAgain.revocationGeneration()).isEqualTo(2);
        assertThat(revocation.checks.get()).isEqualTo(2);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void aVerdictIsNoLongerCurrentOnceTheRevocationDataChangesOrItsValidityEnds() {
        VerdictCache cache = cache(Runnable::run);
        Verdict verdict = cache.judge(alice.chainWithoutRoot()).join();
        assertThat(cache.isCurrent(verdict)).isTrue();

        revocation.generation.incrementAndGet();
        assertThat(cache.isCurrent(verdict)).as("a CRL changed").isFalse();

        Verdict again = cache.judge(alice.chainWithoutRoot()).join();
        clock.set(again.validUntil());
        assertThat(cache.isCurrent(again)).as("its validity ended").isFalse();
    }

    @Test
    void verdictIsReusedUntilItsValidUntil() {
        VerdictCache cache = cache(Runnable::run);
        Verdict first = cache.judge(alice.chainWithoutRoot()).join();
        assertThat(first.validUntil()).isEqualTo(NOW.plus(ValidationPolicy.DEFAULT_VERDICT_TTL));

        clock.set(first.validUntil().minusSeconds(1));
        assertThat(cache.judge(alice.chainWithoutRoot()).join()).isSameAs(first);

        clock.set(first.validUntil());
        Verdict decidedAgain = cache.judge(alice.chainWithoutRoot()).join();

        assertThat(decidedAgain).isNotSameAs(first);
        assertThat(decidedAgain.decidedAt()).isEqualTo(first.validUntil());
        assertThat(revocation.checks.get()).isEqualTo(2);
    }

    @Test
    void refusalIsDecidedAgainAfterAMinute() {
        VerdictCache cache = cache(Runnable::run);
        Credential stranger = TestPki.create(NOW, "Other").client("stranger").build();
        Verdict refused = cache.judge(stranger.chainWithoutRoot()).join();
        assertThat(refused.reason()).isEqualTo(Reason.NO_PATH_TO_TRUSTED_ROOT);
        assertThat(refused.validUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));

        clock.set(NOW.plus(Duration.ofMinutes(1)));
        Verdict decidedAgain = cache.judge(stranger.chainWithoutRoot()).join();

        assertThat(decidedAgain).isNotSameAs(refused);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void verdictIsDecidedAtTheClockTime() {
        clock.set(alice.certificate().getNotAfter().toInstant().plusSeconds(1));
        VerdictCache cache = cache(Runnable::run);

        assertThat(cache.judge(alice.chainWithoutRoot()).join().reason()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void judgesOfANewChainWhileItIsBeingValidatedShareOneValidation() {
        List<Runnable> queued = new ArrayList<>();
        VerdictCache cache = cache(queued::add);

        CompletableFuture<Verdict> first = cache.judge(alice.chainWithoutRoot());
        CompletableFuture<Verdict> second = cache.judge(alice.chainWithoutRoot());

        assertThat(queued).hasSize(1);
        assertThat(first).isNotDone();
        queued.get(0).run();
        assertThat(first.join()).isSameAs(second.join());
        assertThat(revocation.checks.get()).isEqualTo(1);
    }

    @Test
    void concurrentJudgesOnManyThreadsShareOneValidation() throws Exception {
        int threads = 8;
        pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch release = new CountDownLatch(1);
        revocation.gate = release;
        VerdictCache cache = cache(pool);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<Verdict>>> judged = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            judged.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return cache.judge(alice.chainWithoutRoot());
            }, pool));
        }

        start.countDown();
        List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
        for (var future : judged) {
            verdicts.add(future.get(30, TimeUnit.SECONDS));
        }
        release.countDown();

        Verdict one = verdicts.get(0).get(30, TimeUnit.SECONDS);
        for (CompletableFuture<Verdict> verdict : verdicts) {
            assertThat(verdict.get(30, TimeUnit.SECONDS)).isSameAs(one);
        }
        assertThat(revocation.checks.get()).isEqualTo(1);
        assertThat(cache.misses() + cache.hits()).isEqualTo(threads);
    }

    @Test
    void noCertificateIsMissingWithoutValidating() {
        VerdictCache cache = cache(Runnable::run);

        Verdict verdict = cache.judge(List.of()).join();

        assertThat(verdict.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(cache.misses()).isZero();
        assertThat(revocation.checks.get()).isZero();
    }

    @Test
    void peekShowsOnlyACurrentVerdict() {
        VerdictCache cache = cache(Runnable::run);
        assertThat(cache.peek(alice.chainWithoutRoot())).isEmpty();

        Verdict verdict = cache.judge(alice.chainWithoutRoot()).join();
        assertThat(cache.peek(alice.chainWithoutRoot())).contains(verdict);

        revocation.generation.incrementAndGet();
        assertThat(cache.peek(alice.chainWithoutRoot())).isEmpty();
    }

    private VerdictCache cache(java.util.concurrent.Executor executor) {
        TrustStore trust = TrustStore.of(List.of(pki.root().certificate()), List.of(pki.intermediate().certificate()));
        PathValidator validator = new PathValidator(trust,
                ValidationPolicy.forClients(5, RevocationScope.LEAF, OnUnavailable.DENY), revocation);
        return new VerdictCache(validator, clock, executor, 1000);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Says revoked for the listed serials, good otherwise; counts questions; optionally waits at a gate. */
    static final class SwitchableChecker implements RevocationChecker {
        final AtomicLong generation = new AtomicLong(1);
        final AtomicInteger checks = new AtomicInteger();
        volatile Set<BigInteger> revoked = Set.of();
        volatile CountDownLatch gate;

        @Override
        public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant at) {
            checks.incrementAndGet();
            if (gate != null) {
                await(gate);
            }
            if (revoked.contains(certificate.getSerialNumber())) {
                return RevocationStatus.revoked("test", NOW, Optional.empty(), Optional.empty());
            }
            return RevocationStatus.good("test", Optional.empty());
        }

        @Override
        public long generation() {
            return generation.get();
        }
    }
}
