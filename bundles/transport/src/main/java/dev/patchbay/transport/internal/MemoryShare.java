package dev.patchbay.transport.internal;

/**
 * One session's reservation in the {@link MemoryBudget}: a base taken at accept, grown in
 * chunks while the session holds more, and given back in chunks when it holds less. The
 * shared budget is touched only when the reservation changes, never per message.
 */
final class MemoryShare {

    private final MemoryBudget budget;
    private final long base;
    private volatile long reserved;
    private boolean released;

    MemoryShare(MemoryBudget budget, long base) {
        this.budget = budget;
        this.base = base;
    }

    /** Takes the base reservation at accept. @return {@code false} when the budget is full */
    synchronized boolean reserveBase() {
        if (released || !budget.tryReserve(base)) {
            return false;
        }
        reserved = base;
        return true;
    }

    /** Makes the reservation cover {@code held} bytes. */
    void cover(long held) {
        long want = wanted(held, reserved);
        if (want != reserved) {
            adjust(held);
        }
    }

    private synchronized void adjust(long held) {
        if (released || reserved == 0) {
            return;
        }
        long want = wanted(held, reserved);
        if (want != reserved) {
            budget.add(want - reserved);
            reserved = want;
        }
    }

    /** Grows to the next chunk above {@code held}; shrinks only two chunks below, so as not to flap. */
    private long wanted(long held, long current) {
        long want = held <= base ? base : (held + MemoryBudget.CHUNK - 1) / MemoryBudget.CHUNK * MemoryBudget.CHUNK;
        if (want < current && want + 2 * MemoryBudget.CHUNK > current) {
            return current;
        }
        return want;
    }

    long reserved() {
        return reserved;
    }

    /** Gives everything back; the session is gone. */
    synchronized void release() {
        if (!released) {
            released = true;
            budget.add(-reserved);
            reserved = 0;
        }
    }
}
