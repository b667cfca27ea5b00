package dev.patchbay.metrics.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;

/**
 * A {@link BucketHistogram} in the Dropwizard registry, so that JMX and the console see it
 * like every other metric. {@link HistogramExports}, not the Dropwizard bridge, exports it to
 * Prometheus, as a histogram with its cumulative buckets.
 *
 * <p>Its {@link #getSnapshot() snapshot} covers the last one to two windows: the reader keeps
 * the cumulative counts of the last two window starts and subtracts the older one. The writer
 * never sees a window; only readers (a JMX read, {@code patchbay:stats}) turn it, so after a
 * long time unread the first snapshot reaches back to the read before.
 */
public final class HistogramTimer extends Timer {

    private final BucketHistogram histogram;
    private final long windowNanos;
    private final LongSupplier clock;

    // Guarded by this: the counts when the current and the previous window began.
    private BucketHistogram.Counts currentStart;
    private BucketHistogram.Counts previousStart;
    private long currentStartedAt;

    HistogramTimer(BucketHistogram histogram, long windowNanos) {
        this(histogram, windowNanos, System::nanoTime);
    }

    HistogramTimer(BucketHistogram histogram, long windowNanos, LongSupplier clock) {
        this.histogram = histogram;
        this.windowNanos = windowNanos;
        this.clock = clock;
        this.currentStart = histogram.counts();
        this.previousStart = currentStart;
        this.currentStartedAt = clock.getAsLong();
    }

    BucketHistogram histogram() {
        return histogram;
    }

    /** Records {@code observations} durations of {@code nanos} each. */
    public void record(long nanos, long observations) {
        histogram.record(nanos, observations);
    }

    @Override
    public void update(long duration, TimeUnit unit) {
        histogram.record(unit.toNanos(duration), 1);
    }

    /** Every observation since the bundle started, as Prometheus' {@code _count}. */
    @Override
    public long getCount() {
        return histogram.count();
    }

    /** The last one to two windows, in nanoseconds. */
    @Override
    public Snapshot getSnapshot() {
        BucketHistogram.Counts now = histogram.counts();
        return new BucketSnapshot(now.minus(windowStart(now)));
    }

    private synchronized BucketHistogram.Counts windowStart(BucketHistogram.Counts now) {
        long at = clock.getAsLong();
        if (at - currentStartedAt >= windowNanos) {
            // Turned only when read: after a long time unread, the older window is that long.
            previousStart = currentStart;
            currentStart = now;
            currentStartedAt = at;
        }
        return previousStart;
    }

    // Rates are Prometheus' job (rate()); no moving averages are kept, as in CountingMeter.

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
