package dev.patchbay.transport.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.mina.core.session.IoSession;

/**
 * The session's own I/O thread as its lane. A task from that thread runs at once; a task from
 * another thread (a timer, a service change) waits in a queue, and an empty write brings the
 * I/O thread to run it ({@link WakeRequest}).
 */
final class IoLane implements SessionLane {

    private final IoSession io;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    /** MINA keeps a session on one processor, whose thread does not change while it has sessions. */
    private volatile Thread ioThread;
    private final TaskRunner runner;

    IoLane(IoSession io, TaskRunner runner) {
        this.io = io;
        this.runner = runner;
    }

    /** Called from the I/O thread when the session is created. */
    void bindToCurrentThread() {
        ioThread = Thread.currentThread();
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == ioThread && waiting.isEmpty()) {
            runner.run(task);
            return;
        }
        waiting.add(task);
        if (Thread.currentThread() == ioThread) {
            runWaiting();
        } else if (io.isConnected() && !io.isClosing()) {
            io.getFilterChain().fireFilterWrite(new WakeRequest());
        }
    }

    /** The wake request reached the I/O thread, or the session closed: run what waits. */
    void runWaiting() {
        Runnable task;
        while ((task = waiting.poll()) != null) {
            runner.run(task);
        }
    }

    /** Whether the caller is the I/O thread and nothing waits before it: it may run its work directly. */
    boolean isIdleHere() {
        return Thread.currentThread() == ioThread && waiting.isEmpty();
    }

    @Override
    public boolean isCurrent() {
        return Thread.currentThread() == ioThread;
    }

    @Override
    public boolean onWorker() {
        return false;
    }
}
