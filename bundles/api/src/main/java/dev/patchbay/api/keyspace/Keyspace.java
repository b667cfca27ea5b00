package dev.patchbay.api.keyspace;

import java.util.concurrent.atomic.LongAdder;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The keyspace service: a fixed number of numbered {@link Database}s, the memory they hold
 * (an estimate) and the limit on it.
 *
 * <p>Thread safety: each database has its own lock ({@link Database#lock()}); operations that
 * span databases take their locks in ascending index order ({@link #lockAll()} takes all of
 * them), so code that needs two databases must lock the lower index first.
 */
@ProviderType
public interface Keyspace {

    /** Number of databases, numbered from 0. */
    int databases();

    /**
     * The database {@code index}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < databases()}
     */
    Database database(int index);

    /** Locks every database, in index order; reentrant. For transactions and FLUSHALL. */
    void lockAll();

    /** Releases what {@link #lockAll()} took. */
    void unlockAll();

    /** Removes every key of every database. Takes every lock itself. */
    void flushAll();

    /** The estimated bytes held by keys and values of all databases. */
    long usedMemory();

    /** The memory limit in bytes, 0 for none. */
    long maxMemory();

    /**
     * Changes the memory limit until the keyspace's configuration next changes (the effect of
     * a client's {@code CONFIG SET maxmemory}).
     */
    void maxMemory(long bytes);

    /** The eviction policy in force, with Redis's names ({@code noeviction}, {@code allkeys-random}, ...). */
    String maxMemoryPolicy();

    /**
     * Whether a command that may add data must be refused now: memory used is above the limit
     * and the eviction policy could not bring it back under. Evicts keys as the policy says.
     * Call it holding no database lock, or all of them ({@link #lockAll()}).
     */
    boolean refuseWrites();

    /** The publish/subscribe registrations, shared by every session. */
    Channels channels();

    /** Creates an empty sorted set, to be stored as a value. */
    ScoredSet newScoredSet();

    /** Keys removed because they expired, since start. */
    long expiredKeys();

    /** Keys removed by the eviction policy, since start. */
    long evictedKeys();

    /** Commands refused by {@link #refuseWrites()}, since start. */
    long refusedWrites();

    /**
     * The count of commands of {@code family} served on {@code endpoint}, created on the first
     * call and kept while the keyspace runs, so that a protocol handler's counts go on across
     * its updates (the metrics bundle exports them as
     * {@code patchbay_resp_commands_total{endpoint,family}}). Resolve each counter once, not
     * per command: the per-command cost is then one striped add.
     */
    LongAdder commandCounter(String endpoint, String family);
}
