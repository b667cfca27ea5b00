package dev.patchbay.ratelimit.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * What a profile remembers about one address (or address group) on one endpoint: its token
 * buckets, its open sessions, its recent refusals, and counters for the console.
 *
 * <p>The buckets follow the profile's settings: {@link #ensureCurrent} swaps in new limits the
 * first time the entry is touched after a change (and the profile's sweep touches every entry
 * each second), keeping the tokens each bucket holds, so a change applies to open sessions
 * from their next message.
 *
 * <p>The frame path ({@link #onFrame}) takes no lock: the buckets are lock-free and the
 * counters atomic. Admission, release and refusal bookkeeping lock this entry only.
 */
final class AddressState {

    /** Longest pause handed to the transport for one frame; a larger debt waits frame by frame. */
    static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** An entry is never evicted within this long of its last connection or refusal. */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final AtomicLongFieldUpdater<AddressState> MESSAGE_DELAYS =
            AtomicLongFieldUpdater.newUpdater(AddressState.class, "messageDelays");
    private static final AtomicLongFieldUpdater<AddressState> MESSAGE_DELAY_NANOS =
            AtomicLongFieldUpdater.newUpdater(AddressState.class, "messageDelayNanos");
    private static final AtomicLongFieldUpdater<AddressState> BYTE_DELAYS =
            AtomicLongFieldUpdater.newUpdater(AddressState.class, "byteDelays");
    private static final AtomicLongFieldUpdater<AddressState> BYTE_DELAY_NANOS =
            AtomicLongFieldUpdater.newUpdater(AddressState.class, "byteDelayNanos");

    final AddressKey key;
    private final AddressTable table;
    private final TimeMeter clock;

    private volatile ProfileSettings configuredWith;
    private volatile Bucket connectionBucket;
    private volatile Bucket messageBucket;
    private volatile Bucket byteBucket;

    // Guarded by this.
    private int sessions;
    private boolean evicted;
    private long lastActive;
    private long refusals;
    /** Times of recent refusals that count toward a block, oldest at {@code refusalHead}. */
    private long[] refusalTimes;
    private int refusalHead;
    private int refusalCount;

    /** Counted per read by every session of the address, on any I/O thread: striped. */
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private volatile long messageDelays;
    private volatile long messageDelayNanos;
    private volatile long byteDelays;
    private volatile long byteDelayNanos;

    // Touched by the profile's tick only.
    private long messagesAtLastTick;
    private volatile double messageRate;
    private long reportedMessageDelays;
    private long reportedMessageDelayNanos;
    private long reportedByteDelays;
    private long reportedByteDelayNanos;

    AddressState(AddressKey key, AddressTable table, TimeMeter clock, ProfileSettings settings) {
        this.key = key;
        this.table = table;
        this.clock = clock;
        this.lastActive = clock.currentTimeNanos();
        ensureCurrent(settings);
    }

    AddressTable table() {
        return table;
    }

    // --- limits -----------------------------------------------------------------------------

    /** Applies {@code s} to the buckets if they were built from other settings. */
    void ensureCurrent(ProfileSettings s) {
        if (configuredWith == s) {
            return;
        }
        synchronized (this) {
            if (configuredWith == s) {
                return;
            }
            connectionBucket = reconfigure(connectionBucket, s.connections());
            messageBucket = reconfigure(messageBucket, s.messages());
            byteBucket = reconfigure(byteBucket, s.bytes());
            configuredWith = s;
        }
    }

    private Bucket reconfigure(Bucket bucket, ProfileSettings.Rate rate) {
        if (rate == null) {
            return null;
        }
        if (bucket == null) {
            return Bucket.builder().withCustomTimePrecision(clock).addLimit(rate.bandwidth()).build();
        }
        // Keeps the tokens (or the debt) the bucket holds, cut to the new capacity.
        bucket.replaceConfiguration(BucketConfiguration.builder().addLimit(rate.bandwidth()).build(),
                TokensInheritanceStrategy.AS_IS);
        return bucket;
    }

    /**
     * Counts one delivered frame against the message and byte buckets.
     *
     * @return how long the session must wait before its next frame, in nanoseconds
     */
    long onFrame(SessionState session, int length) {
        ProfileSettings s = configuredWith;
        long pause = 0;
        Bucket m = messageBucket;
        if (m != null) {
            long p = session.messageTokens().charge(m, 1, TokenReserve.batchFor(s.messages().burst()));
            if (p > 0) {
                MESSAGE_DELAYS.incrementAndGet(this);
                MESSAGE_DELAY_NANOS.addAndGet(this, p);
                pause = p;
            }
        }
        Bucket b = byteBucket;
        if (b != null && length > 0) {
            long p = session.byteTokens().charge(b, length, TokenReserve.batchFor(s.bytes().burst()));
            if (p > 0) {
                BYTE_DELAYS.incrementAndGet(this);
                BYTE_DELAY_NANOS.addAndGet(this, p);
                pause = Math.max(pause, p);
            }
        }
        return Math.min(pause, MAX_PAUSE_NANOS);
    }

    /** Counts one read's frames and bytes: once per read, not per frame. */
    void onRead(int frames, int length) {
        messages.add(frames);
        bytes.add(length);
    }

    /**
     * Takes {@code tokens} even if the bucket runs into debt: the frame has been delivered
     * already, and the debt is how long the next one waits. Nothing is dropped.
     */
    static long penalty(Bucket bucket, long tokens) {
        try {
            return bucket.consumeIgnoringRateLimits(tokens);
        } catch (IllegalArgumentException overflow) {
            // A debt of centuries: the longest pause, frame after frame.
            return MAX_PAUSE_NANOS;
        }
    }

    // --- admission --------------------------------------------------------------------------

    /**
     * Takes a place for a new session unless a limit refuses it. Called with the endpoint's
     * place already taken; the caller gives it back on a refusal.
     *
     * @return {@code null} when admitted, else which limit refused
     */
    /** What {@link #admit} would refuse now, taking nothing: for screening before a session exists. */
    synchronized RefusalReason wouldRefuse(ProfileSettings s) {
        if (s.connectionsPerAddress() > 0 && sessions >= s.connectionsPerAddress()) {
            return RefusalReason.CONNECTIONS_PER_ADDRESS;
        }
        Bucket c = connectionBucket;
        return c != null && c.getAvailableTokens() < 1 ? RefusalReason.CONNECTION_RATE : null;
    }

    synchronized RefusalReason admit(ProfileSettings s) {
        if (s.connectionsPerAddress() > 0 && sessions >= s.connectionsPerAddress()) {
            return RefusalReason.CONNECTIONS_PER_ADDRESS;
        }
        Bucket c = connectionBucket;
        if (c != null && !c.tryConsume(1)) {
            return RefusalReason.CONNECTION_RATE;
        }
        sessions++;
        lastActive = clock.currentTimeNanos();
        return null;
    }

    /**
     * Takes a place for a session without checking limits (a session the profile did not
     * admit itself, e.g. one open before the endpoint named this profile).
     *
     * @return {@code false} if this entry was evicted meanwhile: look it up again
     */
    synchronized boolean attach() {
        if (evicted) {
            return false;
        }
        sessions++;
        lastActive = clock.currentTimeNanos();
        return true;
    }

    /** Whether this entry was evicted: a new session must look the address up again. */
    synchronized boolean isEvicted() {
        return evicted;
    }

    synchronized void release() {
        if (sessions > 0) {
            sessions--;
        }
        lastActive = clock.currentTimeNanos();
    }

    synchronized int sessions() {
        return sessions;
    }

    /**
     * Records a refusal of this address. Those that count toward a block are remembered for
     * {@code block.window}.
     *
     * @return the number of counted refusals within the window when that number now exceeds
     *         {@code block.threshold} (the caller blocks the address and this entry forgets
     *         them), else 0
     */
    synchronized int refused(RefusalReason reason, ProfileSettings s) {
        refusals++;
        long now = clock.currentTimeNanos();
        lastActive = now;
        if (!reason.countsTowardBlock() || s.blockThreshold() == 0) {
            return 0;
        }
        forgetRefusalsBefore(now - TimeUnit.SECONDS.toNanos(s.blockWindowSeconds()));
        if (refusalTimes == null || refusalCount == refusalTimes.length) {
            grow(s.blockThreshold() + 1);
        }
        refusalTimes[(refusalHead + refusalCount) % refusalTimes.length] = now;
        refusalCount++;
        if (refusalCount > s.blockThreshold()) {
            int count = refusalCount;
            refusalTimes = null;
            refusalHead = 0;
            refusalCount = 0;
            return count;
        }
        return 0;
    }

    private void forgetRefusalsBefore(long oldest) {
        while (refusalCount > 0 && refusalTimes[refusalHead] - oldest < 0) {
            refusalHead = (refusalHead + 1) % refusalTimes.length;
            refusalCount--;
        }
        if (refusalCount == 0) {
            refusalTimes = null;
            refusalHead = 0;
        }
    }

    private void grow(int atMost) {
        int length = refusalTimes == null ? 4 : refusalTimes.length * 2;
        long[] larger = new long[Math.max(Math.min(length, atMost), refusalCount + 1)];
        for (int i = 0; i < refusalCount; i++) {
            larger[i] = refusalTimes[(refusalHead + i) % refusalTimes.length];
        }
        refusalTimes = larger;
        refusalHead = 0;
    }

    // --- eviction ---------------------------------------------------------------------------

    /**
     * Evicts this entry if forgetting it loses nothing: no open session, no refusal still in
     * the block window, every bucket full again, and quiet for a second. A new connection
     * from the address then starts from an entry in exactly the same state.
     *
     * @return whether it was evicted
     */
    synchronized boolean evictIfAtRest(ProfileSettings s) {
        if (evicted || sessions > 0) {
            return false;
        }
        long now = clock.currentTimeNanos();
        if (now - lastActive < QUIET_NANOS) {
            return false;
        }
        if (refusalCount > 0) {
            forgetRefusalsBefore(now - TimeUnit.SECONDS.toNanos(s.blockWindowSeconds()));
            if (refusalCount > 0) {
                return false;
            }
        }
        ensureCurrent(s);
        if (!full(connectionBucket, s.connections()) || !full(messageBucket, s.messages())
                || !full(byteBucket, s.bytes())) {
            return false;
        }
        evicted = true;
        return true;
    }

    private static boolean full(Bucket bucket, ProfileSettings.Rate rate) {
        return bucket == null || rate == null || bucket.getAvailableTokens() >= rate.burst();
    }

    // --- counters ---------------------------------------------------------------------------

    /** Once a second: the message rate over the last second. */
    void tick(double seconds) {
        long m = messages.sum();
        messageRate = seconds <= 0 ? 0 : (m - messagesAtLastTick) / seconds;
        messagesAtLastTick = m;
    }

    /** Delays since the last report, for the aggregated event; {@code null} if none. */
    DelayReport takeDelayReport() {
        long md = messageDelays;
        long mn = messageDelayNanos;
        long bd = byteDelays;
        long bn = byteDelayNanos;
        if (md == reportedMessageDelays && bd == reportedByteDelays) {
            return null;
        }
        DelayReport r = new DelayReport(this, md - reportedMessageDelays, mn - reportedMessageDelayNanos,
                bd - reportedByteDelays, bn - reportedByteDelayNanos);
        reportedMessageDelays = md;
        reportedMessageDelayNanos = mn;
        reportedByteDelays = bd;
        reportedByteDelayNanos = bn;
        return r;
    }

    /** Delays of one address over one report interval. */
    record DelayReport(AddressState address, long messageDelays, long messageDelayNanos, long byteDelays,
            long byteDelayNanos) {
    }

    TalkerInfo info() {
        int open;
        long refused;
        synchronized (this) {
            open = sessions;
            refused = refusals;
        }
        Bucket m = messageBucket;
        Bucket b = byteBucket;
        return new TalkerInfo(key.endpoint(), key.network().toString(), open, messageRate, messages.sum(), bytes.sum(),
                messageDelays + byteDelays, TimeUnit.NANOSECONDS.toMillis(messageDelayNanos + byteDelayNanos), refused,
                m == null ? null : m.getAvailableTokens(), b == null ? null : b.getAvailableTokens());
    }

    double messageRate() {
        return messageRate;
    }

    long messages() {
        return messages.sum();
    }
}
