package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.runtime.TransportStatus.IoThreadStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes MINA's I/O threads and watches them: each knows since when it has been inside one
 * call into a plug-in, so a thread stuck in a handler is seen; and a thread that ends with a
 * throwable (which the dispatcher's guards should make impossible) is remembered, because MINA
 * never replaces it and its sessions would go unserved for good.
 */
final class IoThreads implements ThreadFactory {

    private static final Logger LOG = LoggerFactory.getLogger(IoThreads.class);

    /** An I/O thread with the time its current plug-in call began, 0 while it waits for I/O. */
    static final class IoThread extends Thread {
        volatile long busySince;
        volatile Throwable failure;

        IoThread(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<IoThread> threads = ConcurrentHashMap.newKeySet();
    /** Bytes allocated by I/O threads that have ended, so that the total never goes down. */
    private final AtomicLong endedAllocated = new AtomicLong();

    IoThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        IoThread[] self = new IoThread[1];
        self[0] = new IoThread(() -> {
            try {
                r.run();
                // MINA ends a processor's thread when its last session goes; that is no failure.
                endedAllocated.addAndGet(Math.max(0, AllocationCounter.ofCurrentThread()));
                threads.remove(self[0]);
            } catch (Throwable t) {
                self[0].failure = t;
                LOG.error("I/O thread {} died; its sessions are no longer served and the transport reports itself not live "
                        + "until the process restarts", self[0].getName(), t);
                throw t;
            }
        }, prefix + "-" + count.incrementAndGet());
        threads.add(self[0]);
        return self[0];
    }

    /**
     * Marks the calling I/O thread busy from now, unless it already is (calls nest).
     *
     * @return whether this call marked it, and so must {@link #idle} it
     */
    static boolean busy() {
        if (Thread.currentThread() instanceof IoThread t && t.busySince == 0) {
            t.busySince = System.nanoTime() | 1;
            return true;
        }
        return false;
    }

    static void idle(boolean marked) {
        if (marked) {
            ((IoThread) Thread.currentThread()).busySince = 0;
        }
    }

    List<IoThreadStatus> status() {
        long now = System.nanoTime();
        List<IoThreadStatus> all = new ArrayList<>();
        for (IoThread t : threads) {
            long since = t.busySince;
            Throwable failure = t.failure;
            boolean alive = failure == null && t.isAlive();
            all.add(new IoThreadStatus(t.getName(), alive,
                    since == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - since),
                    failure == null ? (alive ? null : "ended") : failure.toString()));
        }
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    /** Heap bytes the I/O threads have allocated, ended ones included; 0 where the JVM cannot tell. */
    long allocatedBytes() {
        long total = endedAllocated.get();
        for (IoThread t : threads) {
            total += Math.max(0, AllocationCounter.of(t));
        }
        return total;
    }

    /** Why the I/O threads cannot be trusted to serve: dead ones, and ones stuck past {@code stallMillis}. */
    static List<String> problems(List<IoThreadStatus> status, long stallMillis) {
        List<String> problems = new ArrayList<>();
        for (IoThreadStatus t : status) {
            if (t.failure() != null && !"ended".equals(t.failure())) {
                problems.add("I/O thread " + t.name() + " died: " + t.failure());
            } else if (t.busyMillis() > stallMillis) {
                problems.add("I/O thread " + t.name() + " stuck in one plug-in call for " + t.busyMillis()
                        + " ms (io.stall.timeout " + stallMillis + " ms)");
            }
        }
        return problems;
    }
}
