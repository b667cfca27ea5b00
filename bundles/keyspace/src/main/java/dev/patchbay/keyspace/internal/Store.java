package dev.patchbay.keyspace.internal;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The databases and the memory limit, apart from OSGi so tests can drive them. Each database
 * has its own lock, so sessions on different I/O threads working in different databases never
 * wait for each other; cross-database work locks in index order.
 */
final class Store {

    /** Keys sampled per database and round of active expiry, as Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    static final int EXPIRY_SAMPLES = 20;
    /** Active expiry gives up a database for this cycle after this long, in nanoseconds. */
    static final long EXPIRY_BUDGET_NANOS = 5_000_000;

    private final KeyDatabase[] dbs;
    private final LongAdder refused = new LongAdder();
    private volatile long maxMemory;
    private volatile EvictionPolicy policy;

    Store(int databases, LongSupplier clock, KeyspaceSettings settings) {
        dbs = new KeyDatabase[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new KeyDatabase(i, clock);
        }
        settings(settings);
    }

    void settings(KeyspaceSettings s) {
        maxMemory = s.maxMemory();
        policy = s.policy();
    }

    int databases() {
        return dbs.length;
    }

    KeyDatabase database(int index) {
        return dbs[index];
    }

    void lockAll() {
        for (KeyDatabase db : dbs) {
            db.lock();
        }
    }

    void unlockAll() {
        for (int i = dbs.length - 1; i >= 0; i--) {
            dbs[i].unlock();
        }
    }

    void flushAll() {
        lockAll();
        try {
            for (KeyDatabase db : dbs) {
                db.flush();
            }
        } finally {
            unlockAll();
        }
    }

    long usedMemory() {
        long total = 0;
        for (KeyDatabase db : dbs) {
            total += db.usedMemory();
        }
        return total;
    }

    long maxMemory() {
        return maxMemory;
    }

    void maxMemory(long bytes) {
        maxMemory = bytes;
    }

    EvictionPolicy policy() {
        return policy;
    }

    boolean refuseWrites() {
        long max = maxMemory;
        if (max == 0 || usedMemory() <= max) {
            return false;
        }
        EvictionPolicy p = policy;
        if (p != EvictionPolicy.NOEVICTION) {
            evict(max, p == EvictionPolicy.VOLATILE_RANDOM);
            if (usedMemory() <= max) {
                return false;
            }
        }
        refused.increment();
        return true;
    }

    /**
     * Evicts random keys until under {@code max} or nothing is left to evict. Only tries the
     * locks (the caller may hold one out of index order), skipping a database another thread holds.
     */
    private void evict(long max, boolean volatileOnly) {
        boolean progress = true;
        while (progress && usedMemory() > max) {
            progress = false;
            for (KeyDatabase db : dbs) {
                if (usedMemory() <= max) {
                    return;
                }
                if (db.tryLock()) {
                    try {
                        progress |= db.evictOne(volatileOnly);
                    } finally {
                        db.unlock();
                    }
                }
            }
        }
    }

    /** One active expiry cycle over every database: sample, and sample again while over a quarter of the sample had expired. */
    void activeExpiry() {
        for (KeyDatabase db : dbs) {
            if (db.volatileSize() == 0) {
                continue;
            }
            long deadline = System.nanoTime() + EXPIRY_BUDGET_NANOS;
            int removed;
            do {
                db.lock();
                try {
                    removed = db.expireSample(EXPIRY_SAMPLES);
                } finally {
                    db.unlock();
                }
            } while (removed > EXPIRY_SAMPLES / 4 && System.nanoTime() < deadline);
        }
    }

    long expiredKeys() {
        long total = 0;
        for (KeyDatabase db : dbs) {
            total += db.expired();
        }
        return total;
    }

    long evictedKeys() {
        long total = 0;
        for (KeyDatabase db : dbs) {
            total += db.evicted();
        }
        return total;
    }

    long refusedWrites() {
        return refused.sum();
    }
}
