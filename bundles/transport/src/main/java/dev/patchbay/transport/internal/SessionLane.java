package dev.patchbay.transport.internal;

/**
 * Where a session's handler code runs, one task at a time and in order: its I/O thread
 * ({@link IoLane}) or the worker pool ({@link WorkerLane}). Input, handler arrival, the end of
 * a pause and the close all go through the lane, so a handler never sees two calls at once
 * and never runs on a timer thread.
 */
interface SessionLane {

    /** Runs {@code task} after every task given before it; inline when already on the lane and idle. */
    void execute(Runnable task);

    /** Whether the calling thread is the one running this lane's tasks now. */
    boolean isCurrent();

    /** Whether the handler runs on the worker pool. */
    boolean onWorker();
}
