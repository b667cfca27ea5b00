package dev.patchbay.metrics.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets, as a Prometheus histogram exports them: one count per
 * upper bound ({@code le}, inclusive) plus one above the last, and the sum of every value.
 * The counts are cumulative over the bundle's life and never reset, so that Prometheus can take
 * {@code rate()} of each bucket and add buckets of several endpoints or replicas together.
 *
 * <p>Recording is lock-free and allocates nothing: a scan of the bounds (from the smallest, as
 * most values are small: two or three comparisons for a sub-millisecond reply), one striped add
 * to that bucket and one to the sum. One call records {@code observations} equal values, so the
 * replies to one read cost what one reply costs.
 */
public final class BucketHistogram {

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final double SECONDS_PER_NANO = 1.0 / NANOS_PER_SECOND;

    /**
     * Reply latency: 5 µs (a reply on the I/O thread that read the request) to a minute (a
     * worker-pool handler waiting on something slow); 1-2.5-5 steps, so that
     * {@code histogram_quantile} interpolates within at most a factor of 2.5.
     */
    static final double[] LATENCY_SECONDS = {
        0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 30, 60};

    /** Session duration: a millisecond (refused at once, probes) to a day (long-lived device links). */
    static final double[] DURATION_SECONDS = {
        0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 86400};

    private final double[] boundsSeconds;
    private final long[] boundsNanos;
    /** One per bound, then the one above the last ({@code le="+Inf"} adds them all). */
    private final LongAdder[] buckets;
    private final DoubleAdder sumSeconds = new DoubleAdder();

    BucketHistogram(double[] boundsSeconds) {
        for (int i = 1; i < boundsSeconds.length; i++) {
            if (!(boundsSeconds[i] > boundsSeconds[i - 1])) {
                throw new IllegalArgumentException("bounds must rise: " + boundsSeconds[i - 1] + ", " + boundsSeconds[i]);
            }
        }
        this.boundsSeconds = boundsSeconds.clone();
        this.boundsNanos = new long[boundsSeconds.length];
        for (int i = 0; i < boundsSeconds.length; i++) {
            boundsNanos[i] = Math.round(boundsSeconds[i] * NANOS_PER_SECOND);
        }
        this.buckets = new LongAdder[boundsSeconds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    static BucketHistogram latency() {
        return new BucketHistogram(LATENCY_SECONDS);
    }

    static BucketHistogram duration() {
        return new BucketHistogram(DURATION_SECONDS);
    }

    /** Records {@code observations} values of {@code nanos} each; negative values count as 0. */
    public void record(long nanos, long observations) {
        if (observations <= 0) {
            return;
        }
        long value = Math.max(nanos, 0);
        int i = 0;
        while (i < boundsNanos.length && value > boundsNanos[i]) {
            i++;
        }
        buckets[i].add(observations);
        sumSeconds.add(observations * (value * SECONDS_PER_NANO));
    }

    /** The upper bounds in seconds, without {@code +Inf}. */
    double[] boundsSeconds() {
        return boundsSeconds.clone();
    }

    /**
     * The counts now: per bucket (not cumulative), the last one above every bound, and the sum.
     * The sum is read before the buckets (which {@link #record} adds to first), so that a value
     * recorded meanwhile may be counted without being summed, never summed without being counted.
     */
    Counts counts() {
        double sum = sumSeconds.sum();
        long[] counts = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Counts(boundsSeconds, counts, sum);
    }

    public long count() {
        long n = 0;
        for (LongAdder b : buckets) {
            n += b.sum();
        }
        return n;
    }

    /**
     * Bucket counts and sum at one moment, or the difference of two such moments (a window).
     *
     * @param bounds  upper bounds in seconds, without {@code +Inf}
     * @param buckets per-bucket counts, one more than {@code bounds}
     * @param sum     sum of the values, in seconds
     */
    record Counts(double[] bounds, long[] buckets, double sum) {

        long total() {
            long n = 0;
            for (long c : buckets) {
                n += c;
            }
            return n;
        }

        /** What was counted since {@code earlier}. */
        Counts minus(Counts earlier) {
            long[] delta = new long[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                delta[i] = buckets[i] - earlier.buckets[i];
            }
            return new Counts(bounds, delta, sum - earlier.sum);
        }

        /**
         * The {@code q} quantile in seconds, estimated as Prometheus' {@code histogram_quantile}
         * does: linear within the bucket holding it, and the largest bound when it lies above
         * every bound. 0 without observations.
         */
        double quantile(double q) {
            if (q < 0.0 || q > 1.0 || Double.isNaN(q)) {
                throw new IllegalArgumentException(q + " is not in [0..1]");
            }
            long total = total();
            if (total == 0) {
                return 0.0;
            }
            double rank = q * total;
            long below = 0;
            for (int i = 0; i < buckets.length; i++) {
                long inBucket = buckets[i];
                if (inBucket > 0 && below + inBucket >= rank) {
                    if (i == bounds.length) {
                        return bounds[bounds.length - 1];
                    }
                    double lower = i == 0 ? 0.0 : bounds[i - 1];
                    double upper = bounds[i];
                    return lower + (upper - lower) * Math.max(0.0, rank - below) / inBucket;
                }
                below += inBucket;
            }
            return bounds[bounds.length - 1];
        }
    }
}
