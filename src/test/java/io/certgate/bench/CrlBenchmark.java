package io.certgate.bench;

import io.certgate.pki.Credential;
import io.certgate.revocation.CrlFile;
import io.certgate.revocation.CrlStore;
import io.certgate.revocation.RevocationStatus;
import io.certgate.revocation.SerialLookup;
import io.certgate.testing.LargeCrl;
import io.certgate.testing.TestPki;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What a very large CRL costs: loading it (read the file, parse, index), the heap it keeps
 * (before and after its signature is verified, when the signed bytes are let go), and a lookup,
 * bare (one serial in the packed index) and whole (a certificate's revocation check as the
 * validator asks it), for a listed and an unlisted certificate. Lookups at 1,000 and 1,000,000
 * entries cost the same: the index is O(1), so handshakes do not slow down as a CRL grows.
 *
 * <p>Run: {@code bench/jmh -f 1 -wi 2 -i 3 Crl}. Heap figures are the auxiliary counters
 * {@code retainedMegabytes} and {@code retainedAfterVerifyMegabytes} of {@code loadRetained}.
 */
@State(Scope.Benchmark)
@Warmup(time = 2)
@Measurement(time = 2)
public class CrlBenchmark {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final double MEGABYTE = 1024 * 1024;
    /** Serials looked up in turn, so that no single one stays hot in cache (fewer than the smallest CRL). */
    private static final int PROBES = 512;

    @Param({"1000000", "1000"})
    public int entries;

    private Path file;
    private Credential issuer;
    private X500Principal issuerName;
    private SerialLookup index;
    private BigInteger[] listed;
    private BigInteger[] unlisted;
    private CrlStore store;
    private X509Certificate revokedClient;
    private X509Certificate goodClient;
    private int next;

    @Setup
    public void setUp() throws Exception {
        TestPki pki = TestPki.create(NOW);
        issuer = pki.intermediate();
        issuerName = issuer.certificate().getSubjectX500Principal();
        LargeCrl crl = LargeCrl.of(issuer, entries, NOW.minus(Duration.ofHours(1)), 7, PROBES);
        file = Files.createTempFile("crl-benchmark", ".crl");
        Files.write(file, crl.der());
        index = SerialLookup.of(crl.der());
        listed = crl.someListed();
        SplittableRandom random = new SplittableRandom(11);
        unlisted = new BigInteger[PROBES];
        byte[] serial = new byte[16];
        for (int i = 0; i < PROBES; i++) {
            random.nextBytes(serial);
            unlisted[i] = new BigInteger(1, serial); // 2^-128 odds of being listed
        }
        store = CrlStore.of(List.of(CrlFile.read(file)), 1);
        revokedClient = pki.client("revoked").serial(listed[PROBES / 2]).build().certificate();
        goodClient = pki.client("good").build().certificate();
        if (store.check(revokedClient, issuer.certificate(), NOW).state() != RevocationStatus.State.REVOKED
                || store.check(goodClient, issuer.certificate(), NOW).state() != RevocationStatus.State.GOOD) {
            throw new IllegalStateException("the benchmark CRL does not answer as it must");
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        Files.deleteIfExists(file);
    }

    /** Reading, parsing and indexing the whole file. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    public CrlFile load() throws Exception {
        return CrlFile.read(file);
    }

    /** The heap a loaded CRL keeps, measured after full collections: as loaded, and once its signature verified. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public RevocationStatus loadRetained(Heap heap, BenchmarkParams params) throws Exception {
        long before = usedAfterCollecting();
        CrlStore loaded = CrlStore.of(List.of(CrlFile.read(file)), 1);
        double asLoaded = (usedAfterCollecting() - before) / MEGABYTE;
        RevocationStatus status = loaded.check(goodClient, issuer.certificate(), NOW);
        double verified = (usedAfterCollecting() - before) / MEGABYTE;
        java.lang.ref.Reference.reachabilityFence(loaded);
        System.out.printf("retained by %,d entries: %.1f MB as loaded, %.1f MB once the signature is verified%n",
                entries, asLoaded, verified);
        // JMH adds these counters up over the measurement iterations; each adds its share of the mean.
        int iterations = params.getMeasurement().getCount();
        heap.retainedMegabytes = asLoaded / iterations;
        heap.retainedAfterVerifyMegabytes = verified / iterations;
        return status;
    }

    /** One listed serial in the packed index. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean lookupListedSerial() {
        return index.listed(issuerName, listed[next++ & (PROBES - 1)]);
    }

    /** One serial that is not listed. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean lookupUnlistedSerial() {
        return index.listed(issuerName, unlisted[next++ & (PROBES - 1)]);
    }

    /** A revoked certificate's whole check: distribution points, scope, signer, delta, lookup. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public RevocationStatus checkRevokedCertificate() {
        return store.check(revokedClient, issuer.certificate(), NOW);
    }

    /** A good certificate's whole check. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public RevocationStatus checkGoodCertificate() {
        return store.check(goodClient, issuer.certificate(), NOW);
    }

    /** Heap figures (means over the measurement iterations), reported by JMH next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        public double retainedMegabytes;
        public double retainedAfterVerifyMegabytes;
    }

    private static long usedAfterCollecting() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
