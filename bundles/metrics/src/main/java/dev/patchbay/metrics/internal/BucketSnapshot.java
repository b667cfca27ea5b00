package dev.patchbay.metrics.internal;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import com.codahale.metrics.Snapshot;

/** A {@link Snapshot} of {@link LogBucketReservoir} bucket counts; values are bucket middles. */
final class BucketSnapshot extends Snapshot {

    private final long[] counts;
    private final long total;

    BucketSnapshot(long[] counts) {
        this.counts = counts;
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        this.total = n;
    }

    @Override
    public double getValue(double quantile) {
        if (quantile < 0.0 || quantile > 1.0 || Double.isNaN(quantile)) {
            throw new IllegalArgumentException(quantile + " is not in [0..1]");
        }
        if (total == 0) {
            return 0.0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(rank, 1)) {
                return LogBucketReservoir.representative(i);
            }
        }
        return getMax();
    }

    /** Not the recorded values, which are not kept: one representative per observation, capped. */
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
        for (int i = counts.length - 1; i >= 0; i--) {
            if (counts[i] > 0) {
                return LogBucketReservoir.representative(i);
            }
        }
        return 0;
    }

    @Override
    public long getMin() {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                return LogBucketReservoir.representative(i);
            }
        }
        return 0;
    }

    @Override
    public double getMean() {
        if (total == 0) {
            return 0.0;
        }
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += (double) counts[i] * LogBucketReservoir.representative(i);
        }
        return sum / total;
    }

    @Override
    public double getStdDev() {
        if (total < 2) {
            return 0.0;
        }
        double mean = getMean();
        double squares = 0;
        for (int i = 0; i < counts.length; i++) {
            double d = LogBucketReservoir.representative(i) - mean;
            squares += counts[i] * d * d;
        }
        return Math.sqrt(squares / (total - 1));
    }

    @Override
    public void dump(OutputStream output) {
        try (PrintWriter out = new PrintWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8))) {
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    out.printf("%d %d%n", LogBucketReservoir.representative(i), counts[i]);
                }
            }
        }
    }
}
