package io.certgate.log;

import java.util.function.LongSupplier;

/**
 * A monotonic count read from a source that a reload replaces (each runtime has its own verdict
 * cache, for instance): when the source is swapped, what the old one counted is carried over, so
 * that the exported counter never goes backwards, as Prometheus counters must not.
 */
final class CarriedCount {

    private static final LongSupplier NOTHING = () -> 0;

    private long carried;
    private LongSupplier source = NOTHING;

    /** Replaces the source; what the previous one counted so far stays in the total. */
    synchronized void rebind(LongSupplier next) {
        carried += source.getAsLong();
        source = next == null ? NOTHING : next;
    }

    synchronized long value() {
        return carried + source.getAsLong();
    }
}
