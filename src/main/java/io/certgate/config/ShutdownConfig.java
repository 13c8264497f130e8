package io.certgate.config;

import java.time.Duration;

/**
 * {@code shutdown:} how SIGTERM stops certgate. {@code /readyz} answers 503 at once; the listeners
 * keep accepting for {@code drainDelay}, so that a load balancer polling {@code /readyz} stops
 * sending new connections before they would be refused; then they close, and the requests in
 * flight have up to {@code timeout} to finish (each connection closes after its current answer,
 * HTTP/2 ones with GOAWAY) before whatever is left is cut and the process exits 0.
 *
 * @param drainDelay from SIGTERM until the listeners stop accepting; zero stops them at once
 * @param timeout from then until the last connections are closed whatever they are doing
 */
public record ShutdownConfig(Duration drainDelay, Duration timeout) {

    /** Long enough for a load balancer that checks readiness every few seconds (HAProxy's default: 2 s) to see the 503. */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
    /**
     * Long enough for a slow backend answer; a supervisor must wait drainDelay + timeout before it
     * kills (Kubernetes' terminationGracePeriodSeconds is 30 s by default, so 35 s or more is needed).
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public static final ShutdownConfig DEFAULTS = new ShutdownConfig(DEFAULT_DRAIN_DELAY, DEFAULT_TIMEOUT);

    public ShutdownConfig {
        if (drainDelay.isNegative() || timeout.isNegative()) {
            throw new IllegalArgumentException("shutdown durations cannot be negative: drainDelay " + drainDelay
                    + ", timeout " + timeout);
        }
    }
}
