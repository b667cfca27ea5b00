package dev.patchbay.transport.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where TLS handshakes run (key exchange, signatures, certificate checks and the handshake's
 * records, {@link PooledHandshakeEngine}): a few threads of their own, so that a flood of
 * handshakes waits here instead of delaying every session on the I/O threads. Its queue is
 * bounded by admission: at most {@code tls.handshake.pending} handshakes are under way at once,
 * and each has at most one pump queued, so a connection beyond that is refused at accept
 * ({@link #tryStart}).
 *
 * <p>On Linux its threads also lower their own scheduling class to {@code SCHED_IDLE}, so that
 * an I/O thread that wakes for an established session takes the CPU from handshake crypto at
 * once. A lower nice value is not enough: the scheduler lets the running task finish its slice,
 * and one RSA or ECDHE handshake step is a millisecond or more, so the echo of a plaintext session
 * waited behind it (issue 18). Handshakes get what the sessions leave: on a core that the I/O
 * threads keep busy, new TLS sessions wait, up to the profile's handshake timeout. Java has no
 * call for either; {@code chrt --idle} on the thread's own id does it (an unprivileged process
 * may always lower its own threads), else {@code renice} to nice {@value #NICE}, else they run at
 * normal priority.
 */
final class HandshakePool implements Executor {

    static final int NICE = 10;
    private static final Path CHRT = Path.of("/usr/bin/chrt");
    private static final Path RENICE = Path.of("/usr/bin/renice");
    private static final Logger LOG = LoggerFactory.getLogger(HandshakePool.class);

    private final ThreadPoolExecutor threads;
    private final AtomicInteger underWay = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private volatile int limit;

    HandshakePool(int threads, int limit) {
        this.threads = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                lowPriority(TransportCore.threads("patchbay-tls-handshake")));
        this.threads.allowCoreThreadTimeOut(true);
        this.limit = limit;
    }

    void resize(int threads, int limit) {
        if (threads > this.threads.getMaximumPoolSize()) {
            this.threads.setMaximumPoolSize(threads);
            this.threads.setCorePoolSize(threads);
        } else {
            this.threads.setCorePoolSize(threads);
            this.threads.setMaximumPoolSize(threads);
        }
        this.limit = limit;
    }

    /**
     * Counts a new handshake in, unless {@code tls.handshake.pending} are already under way.
     * Checked and counted in one step, so concurrent accepts cannot pass the limit.
     */
    boolean tryStart() {
        if (underWay.incrementAndGet() > limit) {
            underWay.decrementAndGet();
            refused.increment();
            return false;
        }
        return true;
    }

    /** A handshake counted by {@link #tryStart} ended: completed, failed, timed out or closed. */
    void finished() {
        underWay.decrementAndGet();
    }

    int underWay() {
        return underWay.get();
    }

    int limit() {
        return limit;
    }

    /** Connections refused because {@code tls.handshake.pending} handshakes were under way. */
    long refused() {
        return refused.sum();
    }

    /** Runs a step of one handshake ({@link PooledHandshakeEngine}); inline when the pool is shut down (the transport is stopping). */
    @Override
    public void execute(Runnable work) {
        try {
            threads.execute(work);
        } catch (RejectedExecutionException e) {
            work.run();
        }
    }

    void shutdown() {
        threads.shutdown();
    }

    private static ThreadFactory lowPriority(ThreadFactory threads) {
        return work -> threads.newThread(() -> {
            lowerOwnPriority();
            work.run();
        });
    }

    private static void lowerOwnPriority() {
        Path self = Path.of("/proc/thread-self");
        if (!Files.exists(self)) {
            return;
        }
        try {
            // "<pid>/task/<tid>": on Linux a thread is a task that sched_setscheduler() and
            // setpriority() address alone.
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            if (!run(CHRT, "--idle", "-p", "0", tid) && !run(RENICE, "-n", Integer.toString(NICE), "-p", tid)) {
                LOG.debug("TLS handshake thread {} runs at normal priority (neither chrt nor renice worked)", tid);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("TLS handshake threads run at normal priority: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean run(Path tool, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(tool)) {
            return false;
        }
        String[] command = new String[args.length + 1];
        command[0] = tool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroy();
            return false;
        }
        return p.exitValue() == 0;
    }
}
