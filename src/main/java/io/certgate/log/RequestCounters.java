package io.certgate.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code certgate_requests_total} for one site, one counter per status.substatus, created on first
 * use and then found by two array lookups: no string is built and nothing is allocated per request.
 */
final class RequestCounters {

    /** HTTP status codes have three digits (RFC 9110 §15); 0 means no answer was sent. */
    static final int STATUS_LIMIT = 600;
    /** IIS substatus codes certgate sends are all below this (403.17 is the highest). */
    static final int SUBSTATUS_LIMIT = 32;

    private final MeterRegistry registry;
    private final String site;
    private final AtomicReferenceArray<AtomicReferenceArray<Counter>> byStatus = new AtomicReferenceArray<>(STATUS_LIMIT);

    RequestCounters(MeterRegistry registry, String site) {
        this.registry = registry;
        this.site = site;
    }

    void increment(int status, int substatus) {
        if (status < 0 || status >= STATUS_LIMIT || substatus < 0 || substatus >= SUBSTATUS_LIMIT) {
            register(status, substatus).increment(); // never happens with certgate's own answers; slow but right
            return;
        }
        AtomicReferenceArray<Counter> row = byStatus.get(status);
        if (row == null) {
            byStatus.compareAndSet(status, null, new AtomicReferenceArray<>(SUBSTATUS_LIMIT));
            row = byStatus.get(status);
        }
        Counter counter = row.get(substatus);
        if (counter == null) {
            // Two threads may race here; the registry hands both the same counter, so no count is lost.
            counter = register(status, substatus);
            row.set(substatus, counter);
        }
        counter.increment();
    }

    private Counter register(int status, int substatus) {
        return Counter.builder(GatewayMetrics.REQUESTS)
                .description("Requests answered, by site and IIS status.substatus (substatus 0 when none;"
                        + " status 0 when the client left before the answer)")
                .tags("site", site, "status", Integer.toString(status), "substatus", Integer.toString(substatus))
                .register(registry);
    }
}
