package io.certgate.fuzz;

import io.certgate.fuzz.StrictRequestParser.Request;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One fuzz run's machinery: the gateway, the log watch and Netty's leak detector at PARANOID
 * (restored on close), and {@link #run}, which sends one input through a new connection and
 * checks every {@link Invariants invariant}.
 */
final class FuzzHarness implements AutoCloseable {

    private final FuzzGateway gateway;
    private final WarningLog warnings;
    private final ResourceLeakDetector.Level leakLevel;

    private FuzzHarness(FuzzGateway gateway, WarningLog warnings, ResourceLeakDetector.Level leakLevel) {
        this.gateway = gateway;
        this.warnings = warnings;
        this.leakLevel = leakLevel;
    }

    /** Builds the gateway from files written into {@code dir}. */
    static FuzzHarness start(Path dir) throws Exception {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        return new FuzzHarness(FuzzGateway.in(dir), WarningLog.attach(), before);
    }

    /** Sends {@code input} on a new connection, hangs up, and checks what happened; throws AssertionError when a rule broke. */
    void run(NastyRequests input) {
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

    @Override
    public void close() {
        warnings.detach();
        gateway.gateway.close();
        ResourceLeakDetector.setLevel(leakLevel);
    }
}
