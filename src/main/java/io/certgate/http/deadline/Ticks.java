package io.certgate.http.deadline;

import java.time.Duration;

/**
 * The period of a connection's deadline timer and each deadline in whole ticks. A deadline of
 * {@code n} ticks expires on the tick after the {@code n}th following the event it counts from,
 * so it is noticed between the timeout and one tick more, never before.
 */
record Ticks(long periodNanos, int header, int body) {

    /** Ticks per shortest timeout: a deadline is noticed within a quarter of it. */
    static final int PER_TIMEOUT = 4;

    static Ticks of(Duration headerTimeout, Duration bodyTimeout) {
        long shortest = Math.min(headerTimeout.toNanos(), bodyTimeout.toNanos());
        long period = Math.max(1, shortest / PER_TIMEOUT);
        return new Ticks(period, count(headerTimeout, period), count(bodyTimeout, period));
    }

    private static int count(Duration timeout, long period) {
        return (int) Math.min(Integer.MAX_VALUE, (timeout.toNanos() + period - 1) / period);
    }
}
