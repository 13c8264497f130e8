package io.certgate.bench;

import io.certgate.http.RequestIds;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a request ID costs on every request's path: {@link RequestIds#next} (a per-process random
 * prefix and 64 bits from ThreadLocalRandom, in hex) against 16 bytes from a shared SecureRandom,
 * the obvious alternative.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestIdBenchmark {

    private final SecureRandom secure = new SecureRandom();

    @Benchmark
    public String requestIdsNext() {
        return RequestIds.next();
    }

    @Benchmark
    public String secureRandom16Bytes() {
        byte[] bytes = new byte[16];
        secure.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
