package dev.patchbay.keyspace.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.patchbay.api.keyspace.Database;

/**
 * One database: a {@link HashMap} of keys to values under a lock of its own, with the expiry
 * times in a second map (as Redis keeps its {@code expires} dict) so that keys without a time
 * to live cost nothing for it. Keys with one also sit in an array, so that the active expiry
 * cycle and volatile eviction can sample them at random in O(1).
 */
final class KeyDatabase implements Database {

    private final int index;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final HashMap<String, Object> data = new HashMap<>();
    private final HashMap<String, Expiry> expires = new HashMap<>();
    private String[] volatileKeys = new String[16];
    private int volatileCount;
    /** Watched keys: {count of watches, version}. Null until the first WATCH. */
    private HashMap<String, long[]> watched;
    private long versionSeed;

    /** Written under the lock, read without it by the memory limit and INFO. */
    private volatile long memory;
    private long hits;
    private long misses;
    private long expired;
    private long evicted;

    KeyDatabase(int index, LongSupplier clock) {
        this.index = index;
        this.clock = clock;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public void lock() {
        lock.lock();
    }

    @Override
    public void unlock() {
        lock.unlock();
    }

    boolean tryLock() {
        return lock.tryLock();
    }

    @Override
    public Object get(String key) {
        Object v = peek(key);
        if (v == null) {
            misses++;
        } else {
            hits++;
        }
        return v;
    }

    @Override
    public Object peek(String key) {
        Object v = data.get(key);
        if (v != null && !expires.isEmpty() && expiredNow(key)) {
            return null;
        }
        return v;
    }

    /** Removes {@code key} if its time has come; whether it did. */
    private boolean expiredNow(String key) {
        Expiry e = expires.get(key);
        if (e == null || e.at > clock.getAsLong()) {
            return false;
        }
        delete(key);
        expired++;
        return true;
    }

    @Override
    public void put(String key, Object value) {
        Object old = data.put(key, value);
        long delta = old == null ? ValueCost.entry(key, value) : ValueCost.value(value) - ValueCost.value(old);
        if (old != null) {
            dropExpiry(key);
        }
        memory += delta;
        touched(key);
    }

    @Override
    public void replace(String key, Object value) {
        Object old = data.put(key, value);
        if (old == null) {
            memory += ValueCost.entry(key, value);
        } else {
            memory += ValueCost.value(value) - ValueCost.value(old);
        }
        touched(key);
    }

    @Override
    public boolean remove(String key) {
        if (!data.containsKey(key) || (!expires.isEmpty() && expiredNow(key))) {
            return false;
        }
        delete(key);
        return true;
    }

    private void delete(String key) {
        Object old = data.remove(key);
        if (old != null) {
            memory -= ValueCost.entry(key, old);
            dropExpiry(key);
            touched(key);
        }
    }

    private void dropExpiry(String key) {
        Expiry e = expires.remove(key);
        if (e != null) {
            int last = --volatileCount;
            String moved = volatileKeys[last];
            volatileKeys[e.slot] = moved;
            volatileKeys[last] = null;
            if (e.slot != last) {
                expires.get(moved).slot = e.slot;
            }
        }
    }

    @Override
    public void changed(String key, long memoryDelta) {
        memory += memoryDelta;
        touched(key);
    }

    private void touched(String key) {
        if (watched != null && !watched.isEmpty()) {
            long[] w = watched.get(key);
            if (w != null) {
                w[1] = ++versionSeed;
            }
        }
    }

    @Override
    public long expireTime(String key) {
        if (peek(key) == null) {
            return -2;
        }
        Expiry e = expires.get(key);
        return e == null ? -1 : e.at;
    }

    @Override
    public boolean expireAt(String key, long unixMillis) {
        if (peek(key) == null) {
            return false;
        }
        if (unixMillis <= clock.getAsLong()) {
            delete(key);
            return true;
        }
        Expiry e = expires.get(key);
        if (e != null) {
            e.at = unixMillis;
        } else {
            if (volatileCount == volatileKeys.length) {
                volatileKeys = java.util.Arrays.copyOf(volatileKeys, volatileCount * 2);
            }
            volatileKeys[volatileCount] = key;
            expires.put(key, new Expiry(unixMillis, volatileCount++));
        }
        touched(key);
        return true;
    }

    @Override
    public boolean persist(String key) {
        if (peek(key) == null || !expires.containsKey(key)) {
            return false;
        }
        dropExpiry(key);
        touched(key);
        return true;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int volatileSize() {
        return volatileCount;
    }

    @Override
    public String randomKey() {
        // O(n): HashMap offers no random access. RANDOMKEY is rare; a later version may keep an index.
        for (int tries = 0; tries < 100 && !data.isEmpty(); tries++) {
            int skip = ThreadLocalRandom.current().nextInt(data.size());
            Iterator<String> it = data.keySet().iterator();
            for (int i = 0; i < skip; i++) {
                it.next();
            }
            String key = it.next();
            if (!expiredNow(key)) {
                return key;
            }
        }
        return null;
    }

    @Override
    public void forEachKey(Consumer<String> action) {
        long now = clock.getAsLong();
        for (String key : data.keySet()) {
            Expiry e = expires.isEmpty() ? null : expires.get(key);
            if (e == null || e.at > now) {
                action.accept(key);
            }
        }
    }

    @Override
    public long scan(long cursor, int count, Consumer<String> action) {
        // Keys are visited in the order of their unsigned hashCode, and the cursor is the next
        // hash to visit: the order depends on the keys alone, so a key present for the whole
        // iteration is returned once however the map is resized meanwhile (Redis gets the same
        // from its reverse-binary cursor over buckets; HashMap does not show its buckets).
        // Two passes, O(size) per call: one for the bound, one to return the keys up to it.
        if (cursor > HASH_MASK || data.isEmpty()) {
            return 0;
        }
        long[] heap = new long[Math.max(1, Math.min(count, 1024))];
        int size = 0;
        for (String key : data.keySet()) {
            long h = key.hashCode() & HASH_MASK;
            if (h >= cursor) {
                size = keepSmallest(heap, size, h);
            }
        }
        if (size == 0) {
            return 0;
        }
        long bound = size == heap.length ? heap[0] : HASH_MASK;
        long now = clock.getAsLong();
        for (String key : data.keySet()) {
            long h = key.hashCode() & HASH_MASK;
            if (h >= cursor && h <= bound) {
                Expiry e = expires.isEmpty() ? null : expires.get(key);
                if (e == null || e.at > now) {
                    action.accept(key);
                }
            }
        }
        return bound >= HASH_MASK ? 0 : bound + 1;
    }

    private static final long HASH_MASK = 0xffff_ffffL;

    /** Adds {@code v} to a max-heap of the smallest values seen (its top the largest kept); returns the new size. */
    static int keepSmallest(long[] heap, int size, long v) {
        int i;
        if (size < heap.length) {
            i = size++;
            heap[i] = v;
            while (i > 0 && heap[(i - 1) / 2] < heap[i]) {
                long t = heap[i];
                heap[i] = heap[(i - 1) / 2];
                heap[(i - 1) / 2] = t;
                i = (i - 1) / 2;
            }
            return size;
        }
        if (v >= heap[0]) {
            return size;
        }
        heap[0] = v;
        i = 0;
        while (true) {
            int l = 2 * i + 1;
            int big = i;
            if (l < size && heap[l] > heap[big]) {
                big = l;
            }
            if (l + 1 < size && heap[l + 1] > heap[big]) {
                big = l + 1;
            }
            if (big == i) {
                return size;
            }
            long t = heap[i];
            heap[i] = heap[big];
            heap[big] = t;
            i = big;
        }
    }

    @Override
    public void flush() {
        data.clear();
        expires.clear();
        volatileKeys = new String[16];
        volatileCount = 0;
        memory = 0;
        if (watched != null) {
            for (long[] w : watched.values()) {
                w[1] = ++versionSeed;
            }
        }
    }

    @Override
    public long usedMemory() {
        return memory;
    }

    @Override
    public long watch(String key) {
        if (watched == null) {
            watched = new HashMap<>();
        }
        long[] w = watched.computeIfAbsent(key, k -> new long[] {0, ++versionSeed});
        w[0]++;
        return w[1];
    }

    @Override
    public void unwatch(String key) {
        if (watched != null) {
            long[] w = watched.get(key);
            if (w != null && --w[0] <= 0) {
                watched.remove(key);
            }
        }
    }

    @Override
    public long version(String key) {
        // A lazily expired key counts as changed, as in Redis 7.0.
        peek(key);
        long[] w = watched == null ? null : watched.get(key);
        return w == null ? -1 : w[1];
    }

    @Override
    public long hits() {
        return hits;
    }

    @Override
    public long misses() {
        return misses;
    }

    long expired() {
        return expired;
    }

    long evicted() {
        return evicted;
    }

    /**
     * One round of active expiry: checks up to {@code samples} random keys with a time to live
     * and removes the expired ones; returns how many it removed. Caller holds the lock.
     */
    int expireSample(int samples) {
        int removed = 0;
        long now = clock.getAsLong();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < samples && volatileCount > 0; i++) {
            String key = volatileKeys[random.nextInt(volatileCount)];
            if (expires.get(key).at <= now) {
                delete(key);
                expired++;
                removed++;
            }
        }
        return removed;
    }

    /** Evicts one random key (only keys with a time to live if {@code volatileOnly}); whether it did. Caller holds the lock. */
    boolean evictOne(boolean volatileOnly) {
        String key;
        if (volatileOnly || data.size() == volatileCount) {
            if (volatileCount == 0) {
                return false;
            }
            key = volatileKeys[ThreadLocalRandom.current().nextInt(volatileCount)];
        } else {
            key = randomKey();
            if (key == null) {
                return false;
            }
        }
        delete(key);
        evicted++;
        return true;
    }

    /** For tests: the recomputed estimate, to compare with the running one. */
    long recomputeMemory() {
        long total = 0;
        for (Map.Entry<String, Object> e : data.entrySet()) {
            total += ValueCost.entry(e.getKey(), e.getValue());
        }
        return total;
    }
}
