package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

import com.codahale.metrics.Snapshot;

public class LogBucketReservoirTest {

    @Test
    public void bucketsAreContiguousAndEveryValueFallsInItsOwn() {
        for (int i = 0; i + 1 < LogBucketReservoir.BUCKETS; i++) {
            assertTrue("bucket " + i, LogBucketReservoir.lowerBound(i) < LogBucketReservoir.lowerBound(i + 1));
            assertEquals(i, LogBucketReservoir.indexOf(LogBucketReservoir.lowerBound(i)));
            assertEquals(i, LogBucketReservoir.indexOf(LogBucketReservoir.lowerBound(i + 1) - 1));
        }
        assertEquals(LogBucketReservoir.BUCKETS - 1, LogBucketReservoir.indexOf(Long.MAX_VALUE));
        assertEquals(0, LogBucketReservoir.indexOf(-5));
    }

    @Test
    public void quantilesAreWithinOneEighthOfTheValue() {
        LogBucketReservoir reservoir = new LogBucketReservoir(TimeUnit.MINUTES.toNanos(1));
        for (long v = 1; v <= 100_000; v++) {
            reservoir.update(v * 1000);
        }
        Snapshot s = reservoir.getSnapshot();
        assertEquals(100_000, s.size());
        assertEquals(50_000_000, s.getMedian(), 50_000_000 / 8.0);
        assertEquals(99_000_000, s.get99thPercentile(), 99_000_000 / 8.0);
        assertEquals(100_000_000, s.getMax(), 100_000_000 / 8.0);
    }

    @Test
    public void oneCallRecordsManyObservations() {
        BatchTimer timer = new BatchTimer(TimeUnit.MINUTES.toNanos(1));
        timer.record(2_000, 7);
        timer.record(40_000, 3);
        assertEquals(10, timer.getCount());
        assertEquals(10, timer.getSnapshot().size());
        assertEquals(2_000, timer.getSnapshot().getMedian(), 2_000 / 8.0);
        assertEquals(40_000, timer.getSnapshot().get99thPercentile(), 40_000 / 8.0);
    }
}
