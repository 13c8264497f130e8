package io.certgate.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random HTTP/1.1 heads and bodies through the real request handlers, with the backend's end held
 * in memory: whatever reaches a backend must read, with an independent strict parser, as exactly
 * the requests the gate admitted, each with the path, query, Host, identity headers and body the
 * router judged (issue 10: what certgate judged is exactly what the backend receives). No input
 * may make certgate log a warning, let an exception out, or leak a buffer.
 *
 * <p>{@code mvn verify} fuzzes this for {@link #MAX_DURATION} (the fuzz profile sets JAZZER_FUZZ);
 * the unit test run replays the inputs in {@code HttpRequestFuzzTestInputs}, among them each
 * finding of earlier runs: a regression case from the day it was found.
 */
class HttpRequestFuzzTest {

    /** How long CI fuzzes: enough for the structured generator to reach every attack of issue 10. */
    static final String MAX_DURATION = "60s";

    @TempDir
    static Path dir;
    private static FuzzHarness harness;

    @BeforeAll
    static void buildGateway() throws Exception {
        harness = FuzzHarness.start(dir);
    }

    @AfterAll
    static void closeGateway() {
        harness.close();
    }

    @FuzzTest(maxDuration = MAX_DURATION)
    void whatReachesTheBackendIsWhatTheGateJudged(FuzzedDataProvider data) {
        harness.run(NastyRequests.from(data));
    }
}
