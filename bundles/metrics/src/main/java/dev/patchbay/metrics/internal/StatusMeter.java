package dev.patchbay.metrics.internal;

import java.util.function.LongSupplier;

/**
 * A count kept by someone else (the transport) exported as a Meter, because the Prometheus
 * bridge turns a Meter, not a Counter, into a counter with {@code _total}. Rates are left to
 * Prometheus ({@code rate()}); marking it is a mistake, as the owner of the count is elsewhere.
 */
final class StatusMeter extends RatelessMeter {

    private final LongSupplier count;

    StatusMeter(LongSupplier count) {
        this.count = count;
    }

    @Override
    public void mark() {
        throw new UnsupportedOperationException("counted by the transport");
    }

    @Override
    public void mark(long n) {
        throw new UnsupportedOperationException("counted by the transport");
    }

    @Override
    public long getCount() {
        return count.getAsLong();
    }

}
