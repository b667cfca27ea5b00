package dev.patchbay.metrics.internal;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Snapshot;

/**
 * A Dropwizard {@link Snapshot} (nanoseconds, as Timers report) of the counts of a
 * {@link BucketHistogram} over a window, for JMX and {@code patchbay:stats}. The values are
 * not kept, only their buckets: quantiles are interpolated within a bucket as Prometheus'
 * {@code histogram_quantile} does, so the console and a dashboard agree; the mean is exact.
 */
final class BucketSnapshot extends Snapshot {

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final BucketHistogram.Counts counts;
    private final long total;

    BucketSnapshot(BucketHistogram.Counts counts) {
        this.counts = counts;
        this.total = counts.total();
    }

    @Override
    public double getValue(double quantile) {
        return counts.quantile(quantile) * NANOS_PER_SECOND;
    }

    /** Not the recorded values, which are not kept: one estimate per observation, capped. */
    @Override
    public long[] getValues() {
        int n = (int) Math.min(total, 4096);
        long[] values = new long[n];
        for (int k = 0; k < n; k++) {
            values[k] = (long) getValue((k + 0.5) / n);
        }
        return values;
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @Override
    public long getMax() {
        return total == 0 ? 0 : (long) getValue(1.0);
    }

    @Override
    public long getMin() {
        return total == 0 ? 0 : (long) getValue(0.0);
    }

    @Override
    public double getMean() {
        return total == 0 ? 0.0 : counts.sum() / total * NANOS_PER_SECOND;
    }

    /** From bucket middles: the values themselves are not kept. */
    @Override
    public double getStdDev() {
        if (total < 2) {
            return 0.0;
        }
        double mean = getMean();
        double[] bounds = counts.bounds();
        long[] buckets = counts.buckets();
        double squares = 0;
        for (int i = 0; i < buckets.length; i++) {
            double lower = i == 0 ? 0.0 : bounds[i - 1];
            double upper = i < bounds.length ? bounds[i] : bounds[bounds.length - 1];
            double d = (lower + upper) / 2 * NANOS_PER_SECOND - mean;
            squares += buckets[i] * d * d;
        }
        return Math.sqrt(squares / (total - 1));
    }

    /** One line per bucket that counted something: its upper bound in seconds and its count. */
    @Override
    public void dump(OutputStream output) {
        double[] bounds = counts.bounds();
        long[] buckets = counts.buckets();
        try (PrintWriter out = new PrintWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8))) {
            for (int i = 0; i < buckets.length; i++) {
                if (buckets[i] > 0) {
                    out.printf("le=%s %d%n", i < bounds.length ? Double.toString(bounds[i]) : "+Inf", buckets[i]);
                }
            }
        }
    }
}
