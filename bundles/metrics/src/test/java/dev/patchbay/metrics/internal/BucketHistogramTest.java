package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.codahale.metrics.Snapshot;
import org.junit.Test;

public class BucketHistogramTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    public void aValueCountsInTheFirstBucketWhoseBoundIsNotBelowIt() {
        BucketHistogram h = new BucketHistogram(new double[] {0.001, 0.01, 1});
        h.record(0, 1);
        h.record(MS, 2);          // on the bound: le is inclusive
        h.record(MS + 1, 3);
        h.record(TimeUnit.SECONDS.toNanos(2), 4);
        h.record(-5, 5);          // a clock step back counts as 0
        h.record(MS, 0);          // nothing
        BucketHistogram.Counts c = h.counts();
        assertArrayEquals(new long[] {8, 3, 0, 4}, c.buckets());
        assertEquals(15, h.count());
        assertEquals(2 * 0.001 + 3 * 0.001000001 + 4 * 2.0, c.sum(), 1e-12);
    }

    @Test
    public void quantilesInterpolateWithinTheirBucketAsHistogramQuantileDoes() {
        BucketHistogram h = new BucketHistogram(new double[] {0.001, 0.002, 0.004});
        h.record(1500_000, 100);  // all in (1 ms, 2 ms]
        BucketHistogram.Counts c = h.counts();
        assertEquals(0.0015, c.quantile(0.5), 1e-12);
        assertEquals(0.00199, c.quantile(0.99), 1e-12);
        h.record(TimeUnit.SECONDS.toNanos(9), 100);  // above every bound: reported as the largest bound
        assertEquals(0.004, h.counts().quantile(0.99), 1e-12);
        assertEquals(0.0, new BucketHistogram(new double[] {1}).counts().quantile(0.5), 0.0);
    }

    @Test
    public void theShippedBoundsRiseFromMicrosecondsToMinutesAndHours() {
        assertEquals(0.000005, BucketHistogram.LATENCY_SECONDS[0], 0.0);
        assertEquals(60, BucketHistogram.LATENCY_SECONDS[BucketHistogram.LATENCY_SECONDS.length - 1], 0.0);
        assertEquals(86400, BucketHistogram.DURATION_SECONDS[BucketHistogram.DURATION_SECONDS.length - 1], 0.0);
        BucketHistogram.latency();
        BucketHistogram.duration();
    }

    @Test(expected = IllegalArgumentException.class)
    public void boundsMustRise() {
        new BucketHistogram(new double[] {1, 1});
    }

    @Test
    public void theTimersSnapshotCoversTheLastOneToTwoWindowsWhileItsCountCoversAll() {
        AtomicLong now = new AtomicLong();
        long window = TimeUnit.SECONDS.toNanos(60);
        HistogramTimer timer = new HistogramTimer(BucketHistogram.latency(), window, now::get);
        timer.record(20_000, 10);                                  // 20 µs, window 1
        assertEquals(10, timer.getSnapshot().size());
        now.addAndGet(window);
        assertEquals("window 2 begins when read", 10, timer.getSnapshot().size());
        timer.record(3 * MS, 10);
        Snapshot both = timer.getSnapshot();
        assertEquals(20, both.size());
        assertEquals(0.5 * (20_000 + 3 * MS), both.getMean(), 1.0);
        now.addAndGet(window);                                     // window 3: window 1 leaves the view
        Snapshot last = timer.getSnapshot();
        assertEquals(10, last.size());
        double median = last.getMedian();
        // 3 ms lies in (2.5 ms, 5 ms]: interpolated, within that bucket.
        assertEquals(median + " ns", true, median > 2.5 * MS && median <= 5 * MS);
        assertEquals(20, timer.getCount());
    }
}
