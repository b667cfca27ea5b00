package dev.patchbay.transport.internal;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * The bytes all sessions may hold together. Sessions reserve from it in chunks ({@link
 * MemoryShare}), so a session whose holdings stay within its reservation never touches the
 * shared counter: request/response traffic does not contend on it.
 *
 * <p>At 80% of the budget it is under pressure and the sessions holding more than
 * {@link #PRESSURE_SESSION_BYTES} pause their reads; at 100% it is full: every session holding
 * more than its base pauses and new connections are refused. Each state is left only well
 * below where it was entered (full below 90%, pressure below 60%) and no sooner than a second
 * after, so that a flood does not make it flap.
 */
final class MemoryBudget {

    enum State {
        NORMAL, PRESSURE, FULL;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a plaintext session reserves at accept: MINA's first read buffer and a small reply. */
    static final long SESSION_BASE = 4 * 1024;
    /** What a TLS session reserves at accept: the engine's packet and application buffers besides. */
    static final long TLS_SESSION_BASE = SESSION_BASE + 3 * 17 * 1024;
    static final long CHUNK = 16 * 1024;
    static final long PRESSURE_SESSION_BYTES = 64 * 1024;
    /** A state is left downwards only after this long in it: sessions resumed all at once refill it at once. */
    static final long MIN_DWELL_NANOS = 1_000_000_000L;

    private final AtomicLong held = new AtomicLong();
    private volatile long budget;
    private volatile State state = State.NORMAL;
    private volatile long enteredAt = System.nanoTime();
    private final LongAdder refused = new LongAdder();
    private final Set<PatchbaySession> paused = ConcurrentHashMap.newKeySet();
    private final BiConsumer<State, State> onChange;
    private final long minDwellNanos;

    /** @param onChange told of each change of state, (from, to), on the thread that caused it */
    MemoryBudget(long budget, BiConsumer<State, State> onChange) {
        this(budget, onChange, MIN_DWELL_NANOS);
    }

    MemoryBudget(long budget, BiConsumer<State, State> onChange, long minDwellNanos) {
        this.budget = budget;
        this.onChange = onChange;
        this.minDwellNanos = minDwellNanos;
    }

    void setBudget(long bytes) {
        budget = bytes;
        update(held.get());
    }

    long budget() {
        return budget;
    }

    long held() {
        return held.get();
    }

    State state() {
        return state;
    }

    long refused() {
        return refused.sum();
    }

    /**
     * Reserves {@code bytes} for a new connection if the budget has room and is not full.
     *
     * @return whether it was reserved; if not, the refusal is counted
     */
    boolean tryReserve(long bytes) {
        long current;
        do {
            current = held.get();
            if (state == State.FULL || current + bytes > budget) {
                refused.increment();
                markFull();
                return false;
            }
        } while (!held.compareAndSet(current, current + bytes));
        update(current + bytes);
        return true;
    }

    /** No room for one more connection: full, whatever the share of the budget held. */
    private void markFull() {
        State from;
        synchronized (this) {
            from = state;
            if (from == State.FULL) {
                return;
            }
            state = State.FULL;
            enteredAt = System.nanoTime();
        }
        onChange.accept(from, State.FULL);
    }

    void add(long delta) {
        update(held.addAndGet(delta));
    }

    /** Sessions holding more than this pause their reads. */
    long pauseAbove() {
        return switch (state) {
            case NORMAL -> Long.MAX_VALUE;
            case PRESSURE -> PRESSURE_SESSION_BYTES;
            case FULL -> SESSION_BASE;
        };
    }

    void paused(PatchbaySession s) {
        paused.add(s);
    }

    void resumed(PatchbaySession s) {
        paused.remove(s);
    }

    int pausedCount() {
        return paused.size();
    }

    /** The sessions paused for memory, for resuming once the budget is back to normal. */
    Set<PatchbaySession> pausedSessions() {
        return paused;
    }

    /**
     * Moves the state to where {@code held} is now: up at once, down only after the state's
     * minimum dwell. Each thread checks again after it wrote a state, so that a change computed
     * from a value another thread has since undone is corrected at once.
     */
    private void update(long now) {
        long current = now;
        while (true) {
            State from = state;
            State to = next(from, current, budget);
            if (to == from || to.ordinal() < from.ordinal() && System.nanoTime() - enteredAt < minDwellNanos) {
                return;
            }
            synchronized (this) {
                if (state != from) {
                    current = held.get();
                    continue;
                }
                state = to;
                enteredAt = System.nanoTime();
            }
            onChange.accept(from, to);
            current = held.get();
        }
    }

    /** Applies a way down that {@link #MIN_DWELL_NANOS} held back; the watchdog calls it every second. */
    void recheck() {
        update(held.get());
    }

    static State next(State current, long held, long budget) {
        if (held >= budget || current == State.FULL && held >= budget * 9 / 10) {
            return State.FULL;
        }
        if (held >= budget * 8 / 10 || current != State.NORMAL && held >= budget * 6 / 10) {
            return State.PRESSURE;
        }
        return State.NORMAL;
    }
}
