package dev.patchbay.metrics.internal;

import java.util.concurrent.atomic.LongAdder;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;

/**
 * A lock-free {@link Reservoir} of non-negative values (nanoseconds) in fixed log-linear
 * buckets: eight linear sub-buckets per power of two, so a quantile is off by at most 12.5%
 * of its value. Each bucket is a {@link LongAdder}: recording is one striped add with no
 * lock, no allocation and no clock read, and one call can record {@code count} equal values.
 *
 * <p>Quantiles cover the last one to two windows: two bucket sets take turns, and a snapshot
 * older than {@code windowNanos} turns them (on the reader's thread, never the writer's).
 * A value recorded during a turn may land in either window; only the quantiles see it.
 */
public final class LogBucketReservoir implements Reservoir {

    private static final int SUB_BUCKET_BITS = 3;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Values up to 2^48 ns (about 78 hours); larger ones count in the last bucket. */
    private static final int MAX_EXPONENT = 47;
    static final int BUCKETS = (MAX_EXPONENT - SUB_BUCKET_BITS + 2) * SUB_BUCKETS;

    private final long windowNanos;
    private volatile LongAdder[] current = newBuckets();
    private volatile LongAdder[] previous = newBuckets();
    private long turnedAt = System.nanoTime();

    public LogBucketReservoir(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    private static LongAdder[] newBuckets() {
        LongAdder[] buckets = new LongAdder[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
        return buckets;
    }

    /** The bucket holding {@code value}. */
    static int indexOf(long value) {
        if (value < SUB_BUCKETS) {
            return value <= 0 ? 0 : (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The smallest value of a bucket. */
    static long lowerBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
        long sub = index % SUB_BUCKETS;
        return (SUB_BUCKETS + sub) << (exponent - SUB_BUCKET_BITS);
    }

    /** The value reported for a bucket: its middle. */
    static long representative(int index) {
        long low = lowerBound(index);
        long high = index + 1 < BUCKETS ? lowerBound(index + 1) : low * 2;
        return low + (high - low - 1) / 2;
    }

    @Override
    public void update(long value) {
        current[indexOf(value)].increment();
    }

    /** Records {@code count} observations of one value. */
    public void update(long value, long count) {
        current[indexOf(value)].add(count);
    }

    @Override
    public int size() {
        long n = 0;
        for (LongAdder[] set : new LongAdder[][] {previous, current}) {
            for (LongAdder b : set) {
                n += b.sum();
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    @Override
    public Snapshot getSnapshot() {
        turnIfDue();
        long[] counts = new long[BUCKETS];
        LongAdder[] older = previous;
        LongAdder[] newer = current;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = older[i].sum() + newer[i].sum();
        }
        return new BucketSnapshot(counts);
    }

    private synchronized void turnIfDue() {
        long now = System.nanoTime();
        if (now - turnedAt < windowNanos) {
            return;
        }
        LongAdder[] reused = previous;
        for (LongAdder b : reused) {
            b.reset();
        }
        previous = current;
        current = reused;
        turnedAt = now;
    }
}
