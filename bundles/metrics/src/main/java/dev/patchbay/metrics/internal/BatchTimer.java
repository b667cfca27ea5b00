package dev.patchbay.metrics.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;

/**
 * A {@link Timer} over a {@link LogBucketReservoir} that records several observations of one
 * duration in one call ({@code replied(count, nanos)}: the replies to one read share their
 * latency). Its count is the number of observations. A Timer rather than a Histogram because
 * the Prometheus bridge exports Timers in seconds. Like {@link CountingMeter}, it keeps no
 * moving averages.
 */
public final class BatchTimer extends Timer {

    private final LogBucketReservoir reservoir;
    private final LongAdder count = new LongAdder();

    public BatchTimer(long windowNanos) {
        this.reservoir = new LogBucketReservoir(windowNanos);
    }

    /** Records {@code observations} durations of {@code nanos} each. */
    public void record(long nanos, long observations) {
        if (observations <= 0) {
            return;
        }
        count.add(observations);
        reservoir.update(Math.max(nanos, 0), observations);
    }

    @Override
    public void update(long duration, TimeUnit unit) {
        record(unit.toNanos(duration), 1);
    }

    @Override
    public long getCount() {
        return count.sum();
    }

    @Override
    public Snapshot getSnapshot() {
        return reservoir.getSnapshot();
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
