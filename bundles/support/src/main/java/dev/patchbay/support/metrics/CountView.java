package dev.patchbay.support.metrics;

import java.util.function.LongSupplier;

/**
 * A count kept by its owner (the transport, the keyspace) exported as a {@link RatelessMeter}:
 * it reads the count when scraped and adds nothing to the path that counts. Marking it is a
 * mistake, as the count is kept elsewhere.
 */
public final class CountView extends RatelessMeter {

    private final LongSupplier count;

    public CountView(LongSupplier count) {
        this.count = count;
    }

    @Override
    public void mark() {
        throw new UnsupportedOperationException("a view of a count kept elsewhere");
    }

    @Override
    public void mark(long n) {
        throw new UnsupportedOperationException("a view of a count kept elsewhere");
    }

    @Override
    public long getCount() {
        return count.getAsLong();
    }
}
