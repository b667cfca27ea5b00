package dev.patchbay.transport.internal;

import java.lang.management.ManagementFactory;

/**
 * The JVM's count of heap bytes a thread has allocated (HotSpot's
 * {@code com.sun.management.ThreadMXBean}), read without a safepoint: what the benchmark divides
 * by the messages served to show what the message path allocates.
 */
final class AllocationCounter {

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private AllocationCounter() {
    }

    /** Bytes allocated by {@code t} so far, or -1 where the JVM does not count them. */
    static long of(Thread t) {
        return THREADS == null ? -1 : THREADS.getThreadAllocatedBytes(t.getId());
    }

    static long ofCurrentThread() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean threads() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported()) {
                t.setThreadAllocatedMemoryEnabled(true);
                return t;
            }
        } catch (LinkageError | UnsupportedOperationException | SecurityException e) {
            // Not HotSpot: the figure is simply not available.
        }
        return null;
    }
}
