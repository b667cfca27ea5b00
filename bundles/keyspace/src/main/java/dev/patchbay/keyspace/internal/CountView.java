package dev.patchbay.keyspace.internal;

import java.util.function.LongSupplier;

import com.codahale.metrics.Meter;

/**
 * A count kept elsewhere, exported as a {@link Meter} because the Prometheus bridge turns a Meter
 * into a counter ({@code _total}) and a Dropwizard Counter into a gauge. It reads the count when
 * scraped and adds nothing to the path that counts; the moving averages are Prometheus' job
 * ({@code rate()}) and report zero.
 */
final class CountView extends Meter {

    private final LongSupplier count;

    CountView(LongSupplier count) {
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

    @Override
    public double getMeanRate() {
        return 0.0;
    }

    @Override
    public double getOneMinuteRate() {
        return 0.0;
    }

    @Override
    public double getFiveMinuteRate() {
        return 0.0;
    }

    @Override
    public double getFifteenMinuteRate() {
        return 0.0;
    }
}
