package io.certgate.bench;

import io.certgate.identity.Identity;
import io.certgate.pki.Credential;
import io.certgate.pki.DemoDirectory;
import io.certgate.testing.DirectoryFixture;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A directory mapping's cost against the in-memory directory on loopback: {@code cold} with
 * {@code cacheTtl: 0s} (every mapping searches, then checks {@code disabled}: two round trips
 * through the pool and the directory's executor), {@code warm} answered from the cache.
 * Run: {@code bench/jmh -f 1 -wi 2 -i 3 DirectoryLookup}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DirectoryLookupBenchmark {

    private static final String MAPPING = "directoryMapping:\n  - { directory: corp, form: upn, strength: compatibility }\n";

    private DemoDirectory directory;
    private DirectoryFixture cold;
    private DirectoryFixture warm;
    private CertificateFacts certificate;

    @Setup(Level.Trial)
    public void start() throws Exception {
        directory = DemoDirectory.start();
        directory.addUser("bench", "memberOf: cn=Staff,ou=groups,dc=example,dc=com");
        TestPki pki = TestPki.create(Instant.now());
        Credential client = pki.client("bench").upn("bench@example.com").build();
        certificate = CertificateFacts.of(client.certificate());
        cold = DirectoryFixture.of(Files.createTempDirectory("bench-cold"), pki, directory.url(), "cacheTtl: 0s", MAPPING);
        warm = DirectoryFixture.of(Files.createTempDirectory("bench-warm"), pki, directory.url(), "cacheTtl: 5m", MAPPING);
        if (!(warm.mapper().mapAsync(certificate).join() instanceof Identity.Account)) {
            throw new IllegalStateException("the benchmark's certificate does not map");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        System.out.println("directory lookups: cold " + cold.lookups().size() + ", warm " + warm.lookups().size()
                + " (cache hits " + warm.cacheHits() + ")");
        cold.close();
        warm.close();
        directory.close();
    }

    @Benchmark
    public Identity cold() {
        return cold.mapper().mapAsync(certificate).join();
    }

    @Benchmark
    public Identity warm() {
        return warm.mapper().mapAsync(certificate).join();
    }
}
