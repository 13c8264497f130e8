package io.certgate.revocation;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When background work (CRL refreshes, file checks) runs: one daemon thread in production, a
 * hand-driven clock in tests, so that no test waits for real time to pass.
 */
interface Scheduler extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}; the handle cancels it. */
    Scheduled schedule(Runnable task, Duration delay);

    @Override
    void close();

    /** A scheduled task. */
    @FunctionalInterface
    interface Scheduled {
        void cancel();
    }

    /** One daemon thread named {@code name}; tasks must be short (downloads go to their own executor). */
    static Scheduler daemon(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        return new Scheduler() {
            @Override
            public Scheduled schedule(Runnable task, Duration delay) {
                try {
                    ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
                    return () -> future.cancel(false);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    return () -> { };
                }
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
