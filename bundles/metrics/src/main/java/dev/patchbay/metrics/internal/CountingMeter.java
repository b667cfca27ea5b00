package dev.patchbay.metrics.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.codahale.metrics.Meter;

import dev.patchbay.support.metrics.RatelessMeter;

/**
 * A {@link Meter} that only counts, into one striped {@link LongAdder}.
 *
 * <p>Why a Meter and not a Counter: the Prometheus bridge exports a Dropwizard Counter as a
 * gauge (counters may go down), but a Meter as a counter with the {@code _total} suffix. Why
 * not a stock Meter: every {@code mark} of one updates three moving averages and reads the
 * clock, four times the work on the I/O thread; rates are Prometheus' job ({@code rate()}).
 * The moving-average rates report zero; the mean rate is computed from the count.
 */
public final class CountingMeter extends RatelessMeter {

    private final LongAdder count = new LongAdder();
    private final long startNanos = System.nanoTime();

    @Override
    public void mark() {
        count.increment();
    }

    @Override
    public void mark(long n) {
        count.add(n);
    }

    @Override
    public long getCount() {
        return count.sum();
    }

    @Override
    public double getMeanRate() {
        long elapsed = System.nanoTime() - startNanos;
        return elapsed <= 0 ? 0.0 : getCount() / (elapsed / (double) TimeUnit.SECONDS.toNanos(1));
    }
}
