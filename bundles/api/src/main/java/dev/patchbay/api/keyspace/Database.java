package dev.patchbay.api.keyspace;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One numbered database: a map from keys to values, with optional expiry times.
 *
 * <p>Keys are binary-safe strings: each byte of a key is one {@code char} of an
 * ISO-8859-1 string ({@code new String(bytes, ISO_8859_1)}). Java stores such strings one byte
 * per character and gives them value equality and a cached hash, so they serve as map keys
 * without a wrapper class.
 *
 * <p>Values are, by type: string {@code byte[]} (never changed in place: replace it), list
 * {@code java.util.ArrayDeque<byte[]>}, hash {@code java.util.HashMap<String, byte[]>} (fields
 * as ISO-8859-1 strings), set {@code java.util.HashSet<String>}, sorted set {@link ScoredSet}
 * (from {@link Keyspace#newScoredSet()}). Collections may be changed in place; report every
 * such change with {@link #changed(String, long)} and remove a collection that became empty.
 *
 * <p>Every method except {@link #lock()} must be called holding this database's lock.
 * Expired keys are removed as they are met (lazily) and by a background cycle that samples keys
 * with a time to live, as Redis does.
 */
@ProviderType
public interface Database {

    /** Estimated bytes of a key beyond its characters: map node, string, array headers. */
    int KEY_OVERHEAD = 96;
    /** Estimated bytes of a string value beyond its length: array header. */
    int STRING_OVERHEAD = 16;
    /** Estimated bytes of an empty collection value. */
    int COLLECTION_OVERHEAD = 64;
    /** Estimated bytes of a list element beyond its length: array header and slot. */
    int LIST_ELEMENT_OVERHEAD = 24;
    /** Estimated bytes of a hash field beyond the field's and the value's lengths. */
    int HASH_FIELD_OVERHEAD = 88;
    /** Estimated bytes of a set member beyond its length. */
    int SET_MEMBER_OVERHEAD = 72;
    /** Estimated bytes of a sorted-set member beyond its length. */
    int SCORED_MEMBER_OVERHEAD = 128;

    /** This database's number. */
    int index();

    /** Takes this database's lock (reentrant). */
    void lock();

    /** Releases this database's lock. */
    void unlock();

    /**
     * The value of {@code key}, or {@code null}; counts a keyspace hit or miss. An expired key
     * is removed and reads as absent.
     */
    Object get(String key);

    /** As {@link #get(String)}, without counting a hit or miss: for commands that write. */
    Object peek(String key);

    /** Stores {@code value} under {@code key}, replacing any value and its time to live. */
    void put(String key, Object value);

    /** Stores {@code value} under {@code key}, replacing any value but keeping its time to live. */
    void replace(String key, Object value);

    /** Removes {@code key}; whether it existed (and had not expired). */
    boolean remove(String key);

    /**
     * Reports that the collection stored under {@code key} was changed in place, and by how many
     * estimated bytes its size changed (the {@code *_OVERHEAD} constants plus lengths).
     */
    void changed(String key, long memoryDelta);

    /** The expiry time of {@code key} in Unix milliseconds, -1 if it has none, -2 if it does not exist. */
    long expireTime(String key);

    /**
     * Sets the expiry time of an existing key in Unix milliseconds; a time not in the future
     * removes the key at once. Returns whether the key existed.
     */
    boolean expireAt(String key, long unixMillis);

    /** Removes the time to live of {@code key}; whether it had one. */
    boolean persist(String key);

    /** Number of keys (expired keys not yet removed included, as Redis's DBSIZE). */
    int size();

    /** Number of keys with a time to live. */
    int volatileSize();

    /** A random key that has not expired, or {@code null} when the database is empty. */
    String randomKey();

    /** Calls {@code action} with every key that has not expired. The action must not change this database. */
    void forEachKey(Consumer<String> action);

    /**
     * Incremental iteration as SCAN: calls {@code action} with about {@code count} keys from
     * {@code cursor} on and returns the cursor to continue from, 0 when done. A key present
     * from the first call to the last is returned once, however the database grows or shrinks
     * meanwhile.
     */
    long scan(long cursor, int count, Consumer<String> action);

    /** Removes every key. */
    void flush();

    /** Estimated bytes held by this database's keys and values. */
    long usedMemory();

    /**
     * Starts watching {@code key} for changes (WATCH) and returns its version; every change
     * to the key, its expiry or removal included, makes {@link #version(String)} differ.
     */
    long watch(String key);

    /** Stops one {@link #watch(String)} of {@code key}. */
    void unwatch(String key);

    /** The current version of a watched key. */
    long version(String key);

    /** Keyspace hits (reads that found the key) since start. */
    long hits();

    /** Keyspace misses since start. */
    long misses();
}
