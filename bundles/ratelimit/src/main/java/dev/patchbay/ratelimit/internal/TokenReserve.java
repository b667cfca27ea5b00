package dev.patchbay.ratelimit.internal;

import io.github.bucket4j.Bucket;

/**
 * Tokens one session has taken from its address's bucket ahead of use. Every session of an
 * address shares that bucket, and each take is a compare-and-set of a freshly allocated
 * state; taking a small batch at once (at most a 64th of the bucket's capacity, so that no
 * session sits on a share others need) makes most frames cost a decrement of a field of
 * their own. The bucket still gives out no token twice: the address is never over its limit,
 * and a session's unused tokens go back when it closes.
 *
 * <p>Used by the session's delivering thread; {@link #giveBack} when the session is gone.
 */
final class TokenReserve {

    /** The largest batch: beyond it, the saving per frame no longer shows. */
    static final long MAX_BATCH = 64;

    private Bucket from;
    private long tokens;

    /** The batch for a bucket of {@code capacity} tokens: 1 (no batching) below 128. */
    static long batchFor(long capacity) {
        return Math.max(1, Math.min(MAX_BATCH, capacity / 64));
    }

    /**
     * Charges {@code n} tokens: from the reserve, topped up from {@code bucket} by up to
     * {@code batch}; what neither has becomes the bucket's debt.
     *
     * @return how long the session should pause for that debt, 0 if none
     */
    long charge(Bucket bucket, long n, long batch) {
        if (bucket != from) {
            // A limit replaced or added: tokens of another bucket are not this one's.
            from = bucket;
            tokens = 0;
        }
        if (tokens < n) {
            tokens += bucket.tryConsumeAsMuchAsPossible(Math.max(batch, n - tokens));
            if (tokens < n) {
                long debt = n - tokens;
                tokens = 0;
                return AddressState.penalty(bucket, debt);
            }
        }
        tokens -= n;
        return 0;
    }

    /** Returns the unused tokens to their bucket. */
    void giveBack() {
        Bucket b = from;
        long t = tokens;
        tokens = 0;
        if (b != null && t > 0) {
            b.addTokens(t);
        }
    }
}
