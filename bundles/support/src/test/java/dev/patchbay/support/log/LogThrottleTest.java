package dev.patchbay.support.log;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

public class LogThrottleTest {

    @Test
    public void letsTheFirstLinesThroughAndCountsTheRestByWhat() {
        LogThrottle throttle = new LogThrottle(2);
        assertTrue(throttle.tryLog("deny"));
        assertTrue(throttle.tryLog("deny"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(throttle.tryLog("deny"));
        }
        for (int i = 0; i < 200; i++) {
            assertFalse(throttle.tryLog("connections.per.address"));
        }

        LogThrottle.Suppressed held = throttle.endWindow();

        assertEquals(1200, held.lines());
        assertEquals("connections.per.address: 200, deny: 1000", held.byWhat());
        assertTrue("a new window lets lines through again", throttle.tryLog("deny"));
        assertNull("nothing held back in the new window", throttle.endWindow());
    }

    @Test
    public void aWindowEndsOnlyOnceItHasLasted() {
        long window = TimeUnit.SECONDS.toNanos(10);
        LogThrottle throttle = new LogThrottle(1);
        long t0 = System.nanoTime();
        assertNull("the first window ends at once, with nothing held back", throttle.endWindowIfOlder(window, t0));
        assertTrue(throttle.tryLog("write failed"));
        assertFalse(throttle.tryLog("write failed"));
        assertFalse(throttle.tryLog("write failed"));

        assertNull(throttle.endWindowIfOlder(window, t0 + window - 1));
        assertFalse(throttle.tryLog("write failed"));

        LogThrottle.Suppressed held = throttle.endWindowIfOlder(window, t0 + window);
        assertEquals(3, held.lines());
        assertTrue(throttle.tryLog("write failed"));
        assertNull("the next window started at its end", throttle.endWindowIfOlder(window, t0 + window + 1));
    }
}
