package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class SlowReaderWatchTest {

    private static final long WINDOW = 1000;
    private static final long MIN_RATE = 1024;
    private static final long T0 = 1_700_000_000_000L;

    private final SlowReaderWatch watch = new SlowReaderWatch();

    private long check(long at, long pending, long written) {
        return watch.check(T0 + at, pending, written, WINDOW, MIN_RATE);
    }

    @Test
    public void nothingWhileNoRepliesArePending() {
        for (long t = 0; t <= 10_000; t += 500) {
            assertEquals(-1, check(t, 0, 0));
        }
    }

    @Test
    public void aWindowBelowTheMinimumRateReportsTheRate() {
        assertEquals(-1, check(0, 100, 0));
        assertEquals(-1, check(500, 100, 100)); // the window is not over yet
        assertEquals(500, check(1000, 100, 500));
    }

    @Test
    public void theRateIsOverTheWholeElapsedTime() {
        assertEquals(-1, check(0, 100, 1000));
        assertEquals(750, check(2000, 100, 2500)); // 1500 bytes in 2 s
    }

    @Test
    public void aWindowAtOrAboveTheRateStartsANewWindow() {
        assertEquals(-1, check(0, 100, 0));
        assertEquals(-1, check(1000, 100, 1024)); // exactly the minimum
        assertEquals(-1, check(2000, 100, 5000)); // well above it
        // Measured from the last window only: 100 bytes in 1 s (over all three windows it would be 1700 B/s).
        assertEquals(100, check(3000, 100, 5100));
    }

    @Test
    public void aReportStartsANewWindow() {
        assertEquals(-1, check(0, 100, 0));
        assertEquals(0, check(1000, 100, 0));
        assertEquals(-1, check(1500, 100, 0));
        assertEquals(0, check(2000, 100, 0));
    }

    @Test
    public void pendingDroppingToZeroResetsTheWindow() {
        assertEquals(-1, check(0, 100, 0));
        assertEquals(-1, check(600, 0, 0)); // all replies read
        assertEquals(-1, check(700, 100, 0)); // a new window starts here
        assertEquals(-1, check(1000, 100, 0)); // a whole window after the first start, not after the new one
        assertEquals(0, check(1700, 100, 0));
    }

    @Test
    public void rateZeroIsOffAndNeverReports() {
        for (long t = 0; t <= 60_000; t += 1000) {
            assertEquals(-1, watch.check(T0 + t, 1 << 20, 0, WINDOW, 0));
        }
    }
}
