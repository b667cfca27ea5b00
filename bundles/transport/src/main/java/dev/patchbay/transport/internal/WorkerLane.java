package dev.patchbay.transport.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session's lane on the shared worker pool: its tasks run one at a time, in order, on
 * whichever worker thread is free. At most one task per session sits in the pool's queue, so
 * the pool's queue is bounded by the number of sessions, and each session's own queue by the
 * input bytes it may keep ({@code worker.queue.bytes}, enforced by the session).
 */
final class WorkerLane implements SessionLane, Runnable {

    private final Executor pool;
    private final TaskRunner runner;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Thread running;

    WorkerLane(Executor pool, TaskRunner runner) {
        this.pool = pool;
        this.runner = runner;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this);
            } catch (RejectedExecutionException e) {
                // The pool is shutting down with the transport: run here rather than lose the close.
                run();
            }
        }
    }

    @Override
    public void run() {
        running = Thread.currentThread();
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runner.run(task);
            }
        } finally {
            running = null;
            scheduled.set(false);
        }
        if (!tasks.isEmpty()) {
            schedule();
        }
    }

    @Override
    public boolean isCurrent() {
        return Thread.currentThread() == running;
    }

    @Override
    public boolean onWorker() {
        return true;
    }
}
