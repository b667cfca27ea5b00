package dev.patchbay.ratelimit.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;

/** A clock that moves only when told to. */
final class FakeClock implements TimeMeter {

    private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));

    @Override
    public long currentTimeNanos() {
        return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    void advanceNanos(long n) {
        nanos.addAndGet(n);
    }

    void advanceMillis(long ms) {
        advanceNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    void advanceSeconds(long s) {
        advanceNanos(TimeUnit.SECONDS.toNanos(s));
    }
}
