package dev.patchbay.keyspace.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.ScoredSet;

import org.junit.Test;

public class StoreTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Store store = new Store(16, now::get, KeyspaceSettings.DEFAULTS);
    private final KeyDatabase db = store.database(0);

    @Test
    public void putGetRemoveAndTheMemoryEstimateAgree() {
        db.put("a", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) db.get("a"));
        assertEquals(Database.KEY_OVERHEAD + 1 + Database.STRING_OVERHEAD + 3, db.usedMemory());
        db.put("a", new byte[10]);
        assertEquals(db.recomputeMemory(), db.usedMemory());
        ArrayDeque<byte[]> list = new ArrayDeque<>();
        db.put("l", list);
        list.add(new byte[5]);
        db.changed("l", Database.LIST_ELEMENT_OVERHEAD + 5);
        assertEquals(db.recomputeMemory(), db.usedMemory());
        assertTrue(db.remove("a"));
        assertFalse(db.remove("a"));
        assertTrue(db.remove("l"));
        assertEquals(0, db.usedMemory());
        assertNull(db.get("zz"));
        assertEquals(1, db.misses());
        assertEquals(1, db.hits());
    }

    @Test
    public void keysExpireLazilyAndActively() {
        db.put("lazy", new byte[1]);
        db.put("active", new byte[1]);
        db.put("kept", new byte[1]);
        assertTrue(db.expireAt("lazy", now.get() + 100));
        assertTrue(db.expireAt("active", now.get() + 100));
        assertEquals(2, db.volatileSize());
        assertEquals(now.get() + 100, db.expireTime("lazy"));
        assertEquals(-1, db.expireTime("kept"));
        assertEquals(-2, db.expireTime("none"));
        now.addAndGet(100);
        assertNull(db.get("lazy"));
        store.activeExpiry();
        assertEquals(1, db.size());
        assertEquals(0, db.volatileSize());
        assertEquals(2, store.expiredKeys());
        assertEquals(db.recomputeMemory(), db.usedMemory());
    }

    @Test
    public void putDropsTheTimeToLiveAndReplaceKeepsIt() {
        db.put("k", new byte[1]);
        db.expireAt("k", now.get() + 1000);
        db.replace("k", new byte[2]);
        assertEquals(now.get() + 1000, db.expireTime("k"));
        db.put("k", new byte[3]);
        assertEquals(-1, db.expireTime("k"));
        assertTrue(db.expireAt("k", now.get() + 5));
        assertTrue(db.persist("k"));
        assertFalse(db.persist("k"));
        assertTrue(db.expireAt("k", now.get()));
        assertNull(db.get("k"));
    }

    @Test
    public void aWatchedKeyChangesVersionOnEveryChangeAndOnFlush() {
        long v = db.watch("w");
        db.put("other", new byte[1]);
        assertEquals(v, db.version("w"));
        db.put("w", new byte[1]);
        long v2 = db.version("w");
        assertNotEquals(v, v2);
        db.expireAt("w", now.get() + 10);
        assertNotEquals(v2, db.version("w"));
        long v3 = db.version("w");
        now.addAndGet(10);
        assertNotEquals("expiry is a change", v3, db.version("w"));
        long v4 = db.version("w");
        db.flush();
        assertNotEquals(v4, db.version("w"));
        db.unwatch("w");
        assertEquals(-1, db.version("w"));
    }

    @Test
    public void pastMaxmemoryWritesAreRefusedUnlessThePolicyEvicts() {
        store.settings(new KeyspaceSettings(16, 1000, EvictionPolicy.NOEVICTION, 10));
        assertFalse(store.refuseWrites());
        for (int i = 0; i < 20; i++) {
            db.put("key" + i, new byte[100]);
        }
        assertTrue(store.refuseWrites());
        assertEquals(1, store.refusedWrites());
        store.settings(new KeyspaceSettings(16, 1000, EvictionPolicy.ALLKEYS_RANDOM, 10));
        assertFalse(store.refuseWrites());
        assertTrue(store.usedMemory() <= 1000);
        assertTrue(store.evictedKeys() > 0);
    }

    @Test
    public void scanVisitsEveryKeyOnce() {
        for (int i = 0; i < 1000; i++) {
            db.put("k" + i, new byte[0]);
        }
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = db.scan(cursor, 10, seen::add);
        } while (cursor != 0);
        assertEquals(1000, seen.size());
        assertEquals(1000, new HashSet<>(seen).size());
        assertTrue(db.randomKey().startsWith("k"));
    }

    @Test
    public void aScoredSetKeepsScoreThenMemberOrder() {
        ScoredSet z = new TreeScoredSet();
        assertTrue(z.put("b", 1));
        assertTrue(z.put("a", 1));
        assertTrue(z.put("c", 0.5));
        assertFalse(z.put("c", 2));
        assertEquals(2.0, z.score("c"), 0);
        assertEquals(0, z.rank("a", false));
        assertEquals(0, z.rank("c", true));
        List<String> order = new ArrayList<>();
        z.forEach((m, s) -> order.add(m));
        assertEquals(List.of("a", "b", "c"), order);
        List<String> range = new ArrayList<>();
        z.byScore(1, true, 2, false, true, (m, s) -> range.add(m));
        assertEquals(List.of("c"), range);
        range.clear();
        z.byScore(1, false, 1, false, false, (m, s) -> range.add(m));
        assertEquals(List.of("a", "b"), range);
        range.clear();
        z.byRank(1, 2, true, (m, s) -> range.add(m));
        assertEquals(List.of("b", "a"), range);
        assertTrue(z.remove("a"));
        assertTrue(Double.isNaN(z.score("a")));
    }
}
