package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;

import org.junit.Test;

public class MemoryShareTest {

    private static final long BASE = MemoryBudget.SESSION_BASE;
    private static final long CHUNK = MemoryBudget.CHUNK;

    private final MemoryBudget budget = new MemoryBudget(1L << 30, (from, to) -> { });

    private MemoryShare reserved(long base) {
        MemoryShare share = new MemoryShare(budget, base);
        assertTrue(share.reserveBase());
        return share;
    }

    @Test
    public void baseIsReservedAtAccept() {
        MemoryShare share = reserved(BASE);
        assertEquals(BASE, share.reserved());
        assertEquals(BASE, budget.held());
        share.cover(0);
        assertEquals(BASE, share.reserved());
        assertEquals(BASE, budget.held());
    }

    @Test
    public void baseIsRefusedWhenTheBudgetHasNoRoom() {
        MemoryBudget small = new MemoryBudget(BASE + 100, (from, to) -> { });
        MemoryShare first = new MemoryShare(small, BASE);
        assertTrue(first.reserveBase());
        MemoryShare second = new MemoryShare(small, BASE);
        assertFalse(second.reserveBase());
        assertEquals(0, second.reserved());
        assertEquals(BASE, small.held());
        assertEquals(1, small.refused());
        second.cover(10 * CHUNK); // a share without its base holds nothing in the budget
        second.release();
        assertEquals(BASE, small.held());
    }

    @Test
    public void growsInWholeChunksToCoverWhatIsHeld() {
        MemoryShare share = reserved(BASE);
        share.cover(CHUNK);
        assertEquals(CHUNK, share.reserved());
        share.cover(CHUNK + 1);
        assertEquals(2 * CHUNK, share.reserved());
        share.cover(5 * CHUNK - 10);
        assertEquals(5 * CHUNK, share.reserved());
        assertEquals(5 * CHUNK, budget.held());
    }

    @Test
    public void aLargeBaseGrowsToTheNextChunkAboveWhatIsHeld() {
        long tlsBase = MemoryBudget.TLS_SESSION_BASE; // 3.4 chunks
        MemoryShare share = reserved(tlsBase);
        share.cover(tlsBase + 1);
        assertEquals(4 * CHUNK, share.reserved());
        share.cover(0);
        assertEquals(4 * CHUNK, share.reserved()); // the base is less than two chunks below
        assertEquals(4 * CHUNK, budget.held());
    }

    @Test
    public void holdingsTheBaseCoversDoNotGrowTheReservation() {
        MemoryShare plain = reserved(BASE);
        plain.cover(100);
        assertEquals(BASE, plain.reserved());
        MemoryShare tls = reserved(MemoryBudget.TLS_SESSION_BASE);
        tls.cover(MemoryBudget.TLS_SESSION_BASE);
        assertEquals(MemoryBudget.TLS_SESSION_BASE, tls.reserved());
        assertEquals(BASE + MemoryBudget.TLS_SESSION_BASE, budget.held());
    }

    @Test
    public void shrinksOnlyOnceHoldingsAreTwoChunksBelow() {
        MemoryShare share = reserved(BASE);
        share.cover(6 * CHUNK);
        assertEquals(6 * CHUNK, share.reserved());
        share.cover(5 * CHUNK);
        assertEquals(6 * CHUNK, share.reserved());
        share.cover(4 * CHUNK + 1);
        assertEquals(6 * CHUNK, share.reserved());
        share.cover(4 * CHUNK);
        assertEquals(4 * CHUNK, share.reserved());
        assertEquals(4 * CHUNK, budget.held());
        share.cover(0);
        assertEquals(BASE, share.reserved());
        assertEquals(BASE, budget.held());
    }

    @Test
    public void holdingsGoingUpAndDownByLessThanTwoChunksDoNotTouchTheBudget() {
        List<Long> heldSeen = new ArrayList<>();
        MemoryShare share = reserved(BASE);
        share.cover(3 * CHUNK);
        for (int i = 0; i < 100; i++) {
            share.cover(3 * CHUNK - (i % 2 == 0 ? CHUNK + 100 : 0));
            heldSeen.add(budget.held());
        }
        assertTrue(heldSeen.stream().allMatch(h -> h == 3 * CHUNK));
    }

    @Test
    public void releaseGivesEverythingBackExactlyOnce() {
        MemoryShare other = reserved(BASE);
        MemoryShare share = reserved(BASE);
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            share.cover(random.nextInt(40) * 1000L);
        }
        share.release();
        assertEquals(0, share.reserved());
        assertEquals(BASE, budget.held()); // the other session's base only
        share.release();
        share.cover(10 * CHUNK);
        assertEquals(0, share.reserved());
        assertEquals(BASE, budget.held());
        other.release();
        assertEquals(0, budget.held());
    }

    @Test
    public void concurrentCoversLeaveTheBudgetEqualToTheReservation() throws Exception {
        MemoryShare share = reserved(BASE);
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            new Thread(() -> {
                Random random = new Random(seed);
                try {
                    start.await();
                    for (int i = 0; i < 5_000; i++) {
                        share.cover(random.nextInt(20 * (int) CHUNK));
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        assertEquals(List.of(), errors);
        assertEquals(share.reserved(), budget.held());
        assertTrue(share.reserved() >= BASE);
        long r = share.reserved();
        assertTrue("reserved " + r, r == BASE || r % CHUNK == 0);
        share.release();
        assertEquals(0, budget.held());
    }

    @Test
    public void aReleasedShareReservesNothing() {
        MemoryShare share = new MemoryShare(budget, BASE);
        share.release();
        share.reserveBase();
        share.release();
        assertEquals(0, budget.held());
    }
}
