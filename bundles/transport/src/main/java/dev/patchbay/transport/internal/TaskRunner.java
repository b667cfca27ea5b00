package dev.patchbay.transport.internal;

/** Runs a lane's task so that nothing it throws escapes into the thread running the lane. */
@FunctionalInterface
interface TaskRunner {
    void run(Runnable task);
}
