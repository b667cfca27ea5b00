package dev.patchbay.ratelimit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

import org.junit.Test;

public class TokenReserveTest {

    private final FakeClock clock = new FakeClock();

    private Bucket bucket(long capacity, long perSecond) {
        return Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
    }

    @Test
    public void smallBucketsAreNotBatched() {
        assertEquals(1, TokenReserve.batchFor(100));
        assertEquals(1, TokenReserve.batchFor(127));
        assertEquals(2, TokenReserve.batchFor(128));
        assertEquals(TokenReserve.MAX_BATCH, TokenReserve.batchFor(1_000_000_000));
    }

    @Test
    public void sessionsSharingABucketNeverTakeMoreThanItHolds() {
        Bucket shared = bucket(6400, 1);
        TokenReserve a = new TokenReserve();
        TokenReserve b = new TokenReserve();
        long batch = TokenReserve.batchFor(6400);
        int delivered = 0;
        // Alternate frames of two sessions until one has to pause.
        while (a.charge(shared, 1, batch) == 0 && b.charge(shared, 1, batch) == 0) {
            delivered += 2;
        }
        delivered++;
        // The frame that met the empty bucket was charged as debt: at most the capacity went out
        // free of charge, and what the other session still holds is less than one batch.
        assertTrue("delivered " + delivered, delivered <= 6400 + 1);
        assertTrue("delivered " + delivered, delivered >= 6400 - batch);
    }

    @Test
    public void aFrameBeyondTheBucketPausesForItsDebt() {
        Bucket shared = bucket(100, 100);
        TokenReserve r = new TokenReserve();
        for (int i = 0; i < 100; i++) {
            assertEquals(0, r.charge(shared, 1, 1));
        }
        long pause = r.charge(shared, 1, 1);
        assertEquals(Duration.ofMillis(10).toNanos(), pause);
    }

    @Test
    public void unusedTokensGoBackWhenTheSessionCloses() {
        Bucket shared = bucket(6400, 1);
        TokenReserve r = new TokenReserve();
        r.charge(shared, 1, 64);
        assertEquals(6400 - 64, shared.getAvailableTokens());
        r.giveBack();
        assertEquals(6400 - 1, shared.getAvailableTokens());
    }

    @Test
    public void aReplacedBucketStartsWithAnEmptyReserve() {
        Bucket first = bucket(6400, 1);
        Bucket second = bucket(6400, 1);
        TokenReserve r = new TokenReserve();
        r.charge(first, 1, 64);
        r.charge(second, 1, 64);
        assertEquals(6400 - 64, second.getAvailableTokens());
    }
}
