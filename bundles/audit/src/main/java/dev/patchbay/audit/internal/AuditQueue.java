package dev.patchbay.audit.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The lines waiting for the writer thread, bounded by count and by bytes. Many threads offer
 * (I/O threads, Event Admin, the console), one thread drains. Offering takes no lock and never
 * waits: a full queue refuses the line at once, for the caller to count, so that a stalled disk
 * can never hold an I/O thread or an Event Admin delivery.
 */
final class AuditQueue {

    private final ConcurrentLinkedQueue<PendingLine> lines = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long maxLines;
    private volatile long maxBytes;
    private volatile Thread consumer;
    private volatile boolean consumerWaiting;

    AuditQueue(long maxLines, long maxBytes) {
        limits(maxLines, maxBytes);
    }

    void limits(long newMaxLines, long newMaxBytes) {
        maxLines = newMaxLines;
        maxBytes = newMaxBytes;
    }

    long maxLines() {
        return maxLines;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The thread that drains, woken when a line arrives. */
    void consumer(Thread thread) {
        consumer = thread;
    }

    /**
     * Queues a line unless that would pass either bound. Control entries are always queued.
     *
     * @return false if the queue is full
     */
    boolean offer(PendingLine line) {
        if (!line.isControl()) {
            if (count.incrementAndGet() > maxLines) {
                count.decrementAndGet();
                return false;
            }
            long after = bytes.addAndGet(line.bytes);
            // One line larger than the whole bound still goes through an empty queue.
            if (after > maxBytes && after != line.bytes) {
                bytes.addAndGet(-line.bytes);
                count.decrementAndGet();
                return false;
            }
        }
        lines.add(line);
        if (consumerWaiting) {
            Thread c = consumer;
            if (c != null) {
                LockSupport.unpark(c);
            }
        }
        return true;
    }

    /** Moves every queued line into {@code into}, in queue order; returns how many. */
    int drainTo(List<PendingLine> into) {
        int n = 0;
        long drainedBytes = 0;
        long drainedLines = 0;
        PendingLine line;
        while ((line = lines.poll()) != null) {
            into.add(line);
            n++;
            if (!line.isControl()) {
                drainedLines++;
                drainedBytes += line.bytes;
            }
        }
        count.addAndGet(-drainedLines);
        bytes.addAndGet(-drainedBytes);
        return n;
    }

    /** Called by the consumer only: waits until a line arrives or {@code nanos} pass. */
    void awaitLines(long nanos) {
        consumerWaiting = true;
        try {
            if (lines.isEmpty()) {
                LockSupport.parkNanos(this, Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
            }
        } finally {
            consumerWaiting = false;
        }
    }

    /** Wakes the consumer, e.g. to stop. */
    void wake() {
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    long size() {
        return count.get();
    }

    long sizeBytes() {
        return bytes.get();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }
}
