package io.certgate.revocation;

import io.certgate.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A scheduler whose clock moves only when the test says: {@link #advanceTo} runs every task that
 * falls due on the way, in order, with the clock set to each task's time. No real time passes.
 */
final class ManualScheduler implements Scheduler {

    private static final class Task {
        final Instant due;
        final Runnable work;
        boolean cancelled;

        Task(Instant due, Runnable work) {
            this.due = due;
            this.work = work;
        }
    }

    private final TestClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private boolean closed;

    ManualScheduler(Instant start) {
        this.clock = new TestClock(start);
    }

    Clock clock() {
        return clock;
    }

    Instant now() {
        return clock.instant();
    }

    @Override
    public synchronized Scheduled schedule(Runnable work, Duration delay) {
        Task task = new Task(clock.instant().plus(delay), work);
        if (!closed) {
            tasks.add(task);
        }
        return () -> {
            synchronized (this) {
                task.cancelled = true;
            }
        };
    }

    /** When the next task is due, if any is scheduled. */
    synchronized Optional<Instant> nextDue() {
        return tasks.stream().filter(t -> !t.cancelled).map(t -> t.due).min(Comparator.naturalOrder());
    }

    /** Moves the clock to {@code until}, running each task that falls due on the way at its own time. */
    void advanceTo(Instant until) {
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.cancelled && !t.due.isAfter(until))
                        .min(Comparator.comparing(t -> t.due)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                if (next.due.isAfter(clock.instant())) {
                    clock.set(next.due);
                }
            }
            next.work.run();
        }
        clock.set(until);
    }

    void advance(Duration duration) {
        advanceTo(clock.instant().plus(duration));
    }

    @Override
    public synchronized void close() {
        closed = true;
        tasks.clear();
    }
}
