package io.certgate.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certgate.fuzz.StrictRequestParser.Request;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
    private static FuzzGateway gateway;
    private static WarningLog warnings;
    private static ResourceLeakDetector.Level leakLevel;

    @BeforeAll
    static void buildGateway() throws Exception {
        leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        gateway = FuzzGateway.in(dir);
        warnings = WarningLog.attach();
    }

    @AfterAll
    static void closeGateway() {
        warnings.detach();
        gateway.gateway.close();
        ResourceLeakDetector.setLevel(leakLevel);
    }

    @FuzzTest(maxDuration = MAX_DURATION)
    void whatReachesTheBackendIsWhatTheGateJudged(FuzzedDataProvider data) {
        run(NastyRequests.from(data));
    }

    static void run(NastyRequests input) {
        warnings.drain();
        ProxiedConnection connection = gateway.connect(input.alice());
        Invariants check = new Invariants(input, connection, gateway.gateway.identityHeaders());
        try {
            for (byte[] read : input.reads()) {
                connection.read(read);
            }
            connection.hangUp();
            connection.client.checkException();
            for (ProxiedConnection.Backend backend : connection.backends) {
                backend.channel.checkException();
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("an exception escaped the pipeline; input: " + input, e);
        } finally {
            connection.close();
        }
        check.nothingLogged(warnings.drain());
        check.nothingLeaked(connection.allocator.unreleased());
        List<Optional<Request>> forwarded = check.backendsReadStrictly();
        check.oneForwardedPerAdmitted(forwarded);
        for (int i = 0; i < forwarded.size(); i++) {
            int index = i;
            forwarded.get(i).ifPresent(sent -> check.forwardedAsJudged(connection.admitted.get(index), sent));
        }
        check.framedAsTheClientFramedIt(forwarded);
        check.answersReachTheirClient(forwarded);
    }
}
