package dev.patchbay.transport.internal;

/**
 * Whether a client reads its replies fast enough: while it has replies pending, the bytes
 * written to it over each window of {@code write.timeout} must reach {@code write.min.rate}
 * per second. MINA's own write timeout only catches a client that reads nothing at all; one
 * that reads a byte now and then would otherwise hold its replies in memory for ever.
 * Checked once a second by the transport's watchdog, from MINA's counters: nothing per message.
 */
final class SlowReaderWatch {

    private long windowStart;
    private long writtenAtStart;

    /**
     * @return the rate in bytes per second if the window just ended below {@code minRate}, else -1
     */
    synchronized long check(long nowMillis, long pendingBytes, long writtenBytes, long windowMillis, long minRate) {
        if (minRate == 0 || pendingBytes == 0) {
            windowStart = 0;
            return -1;
        }
        if (windowStart == 0) {
            windowStart = nowMillis;
            writtenAtStart = writtenBytes;
            return -1;
        }
        long elapsed = nowMillis - windowStart;
        if (elapsed < windowMillis) {
            return -1;
        }
        long rate = (writtenBytes - writtenAtStart) * 1000 / elapsed;
        windowStart = nowMillis;
        writtenAtStart = writtenBytes;
        return rate < minRate ? rate : -1;
    }
}
