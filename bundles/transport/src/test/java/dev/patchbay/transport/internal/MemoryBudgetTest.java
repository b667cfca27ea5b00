package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;

import dev.patchbay.transport.internal.MemoryBudget.State;

import org.junit.Test;

public class MemoryBudgetTest {

    private static final long BUDGET = 1000;

    private final List<String> changes = new ArrayList<>();
    private final MemoryBudget budget = new MemoryBudget(BUDGET, (from, to) -> {
        synchronized (changes) {
            changes.add(from + "->" + to);
        }
    }, 0);

    @Test
    public void leavesAStateDownwardsOnlyAfterItsMinimumDwell() throws Exception {
        List<String> seen = new ArrayList<>();
        MemoryBudget slow = new MemoryBudget(BUDGET, (from, to) -> seen.add(from + "->" + to), 200_000_000L);
        slow.add(1000);
        assertEquals(State.FULL, slow.state());
        slow.add(-1000);
        assertEquals("held 0, but full was entered just now", State.FULL, slow.state());
        slow.add(850);
        assertEquals("up again at once: still full", State.FULL, slow.state());
        slow.add(-850);
        Thread.sleep(250);
        slow.recheck();
        assertEquals(State.NORMAL, slow.state());
        assertEquals(List.of("normal->full", "full->normal"), seen);
    }

    @Test
    public void entersPressureAt80PercentAndFullAt100() {
        budget.add(799);
        assertEquals(State.NORMAL, budget.state());
        budget.add(1);
        assertEquals(State.PRESSURE, budget.state());
        budget.add(199);
        assertEquals(State.PRESSURE, budget.state());
        budget.add(1);
        assertEquals(State.FULL, budget.state());
        assertEquals(List.of("normal->pressure", "pressure->full"), changes);
    }

    @Test
    public void leavesFullOnlyBelow90AndPressureOnlyBelow60() {
        budget.add(1000);
        assertEquals(State.FULL, budget.state());
        budget.add(-100); // 900: still full
        assertEquals(State.FULL, budget.state());
        budget.add(-1); // 899
        assertEquals(State.PRESSURE, budget.state());
        budget.add(-99); // 800: pressure, and would be entered here too
        budget.add(-200); // 600: still pressure
        assertEquals(State.PRESSURE, budget.state());
        budget.add(-1); // 599
        assertEquals(State.NORMAL, budget.state());
        budget.add(200); // 799: normal again, pressure is entered at 80% only
        assertEquals(State.NORMAL, budget.state());
        assertEquals(List.of("normal->full", "full->pressure", "pressure->normal"), changes);
    }

    @Test
    public void fullDropsStraightToNormalWhenHeldFallsFarEnough() {
        budget.add(1000);
        budget.add(-1000);
        assertEquals(State.NORMAL, budget.state());
        assertEquals(List.of("normal->full", "full->normal"), changes);
    }

    @Test
    public void noCallbackWhileTheStateStays() {
        for (int i = 0; i < 50; i++) {
            budget.add(10);
            budget.add(-5);
        }
        assertEquals(250, budget.held());
        assertEquals(List.of(), changes);
    }

    @Test
    public void tryReserveTakesUpToTheWholeBudget() {
        assertTrue(budget.tryReserve(600));
        assertTrue(budget.tryReserve(400));
        assertEquals(1000, budget.held());
        assertEquals(State.FULL, budget.state());
        assertEquals(0, budget.refused());
    }

    @Test
    public void tryReserveRefusesWhatWouldPassTheBudgetAndCountsIt() {
        assertTrue(budget.tryReserve(700));
        assertFalse(budget.tryReserve(301));
        assertEquals(700, budget.held());
        assertEquals(1, budget.refused());
        assertEquals("a connection refused for lack of room means full: refusals, health and state agree",
                State.FULL, budget.state());
        budget.recheck();
        assertEquals("left again by the watchdog's recheck (70%: pressure until below 60%)", State.PRESSURE, budget.state());
        assertTrue(budget.tryReserve(300));
        assertEquals(1, budget.refused());
    }

    @Test
    public void tryReserveRefusesWhileFullEvenWithRoomLeft() {
        budget.add(1000);
        budget.add(-50); // 950: full until below 90%
        assertEquals(State.FULL, budget.state());
        assertFalse(budget.tryReserve(10));
        assertFalse(budget.tryReserve(1));
        assertEquals(950, budget.held());
        assertEquals(2, budget.refused());
        budget.add(-100); // 850: pressure, reservations accepted again
        assertTrue(budget.tryReserve(10));
        assertEquals(860, budget.held());
        assertEquals(2, budget.refused());
    }

    @Test
    public void pauseAboveFollowsTheState() {
        assertEquals(Long.MAX_VALUE, budget.pauseAbove());
        budget.add(800);
        assertEquals(MemoryBudget.PRESSURE_SESSION_BYTES, budget.pauseAbove());
        budget.add(200);
        assertEquals(MemoryBudget.SESSION_BASE, budget.pauseAbove());
        budget.add(-1000);
        assertEquals(Long.MAX_VALUE, budget.pauseAbove());
    }

    @Test
    public void setBudgetReevaluatesTheState() {
        budget.add(800);
        assertEquals(State.PRESSURE, budget.state());
        budget.setBudget(2000); // 40%
        assertEquals(State.NORMAL, budget.state());
        assertEquals(2000, budget.budget());
        budget.setBudget(800); // 100%
        assertEquals(State.FULL, budget.state());
        budget.setBudget(850); // 94%: still full (hysteresis)
        assertEquals(State.FULL, budget.state());
        budget.setBudget(1000); // 80%: below 90%, pressure
        assertEquals(State.PRESSURE, budget.state());
        assertEquals(List.of("normal->pressure", "pressure->normal", "normal->full", "full->pressure"), changes);
    }

    @Test
    public void eachChangeIsToldExactlyOnceUnderConcurrency() throws Exception {
        int threads = 4;
        int rounds = 20_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        budget.add(300); // four threads together cross 80%, 100% and back
                        budget.add(-300);
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
        assertEquals(0, budget.held());
        // Whatever the interleaving, each state is entered as often as it is left (the start and end
        // states aside); a duplicated or lost callback breaks that balance.
        Map<State, Integer> net = new EnumMap<>(State.class);
        synchronized (changes) {
            for (String c : changes) {
                String[] fromTo = c.split("->");
                assertTrue("a change to the same state: " + c, !fromTo[0].equals(fromTo[1]));
                net.merge(State.valueOf(fromTo[0].toUpperCase()), -1, Integer::sum);
                net.merge(State.valueOf(fromTo[1].toUpperCase()), 1, Integer::sum);
            }
        }
        State end = budget.state();
        for (State s : State.values()) {
            int expected = (s == end ? 1 : 0) - (s == State.NORMAL ? 1 : 0);
            assertEquals("net entries of " + s + " (end state " + end + ")", expected, (int) net.getOrDefault(s, 0));
        }
    }

    @Test
    public void theStateFollowsHeldOnceTheAddsAreDone() throws Exception {
        int inconsistent = 0;
        for (int i = 0; i < 5_000; i++) {
            MemoryBudget b = new MemoryBudget(BUDGET, (from, to) -> { }, 0);
            Thread remover = new Thread(() -> {
                while (b.held() < 800) {
                    Thread.onSpinWait();
                }
                b.add(-800);
            });
            remover.start();
            b.add(800);
            remover.join();
            if (b.state() != State.NORMAL) {
                inconsistent++;
            }
        }
        assertEquals("rounds ending with held 0 and a state other than normal", 0, inconsistent);
    }
}
