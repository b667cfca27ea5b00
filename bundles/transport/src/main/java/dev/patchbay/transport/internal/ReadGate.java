package dev.patchbay.transport.internal;

import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.IoSession;

/**
 * Whether a session's socket is read, as the union of the reasons to stop: reads resume only
 * when the last reason is gone. Each session has its own; nothing here is shared.
 */
final class ReadGate {

    /** No handler is installed yet. */
    static final int HELD = 1;
    /** The client leaves more than max.pending.write.bytes of replies unread. */
    static final int WRITE_BACKLOG = 2;
    /** A filter (rate limit) asked for a pause. */
    static final int FILTER_PAUSE = 4;
    /** The transport is near its memory budget and this session holds much of it. */
    static final int MEMORY = 8;
    /** The session's worker has more than worker.queue.bytes of input to go through. */
    static final int WORKER_QUEUE = 16;
    /** Waiting for what the endpoint needs before admission (TLS profile, filters, codec). */
    static final int ADMISSION = 32;
    /** The endpoint is stopping and the session is being closed. */
    static final int STOPPING = 64;

    private final IoSession io;
    private volatile int reasons;

    ReadGate(IoSession io) {
        this.io = io;
    }

    synchronized void suspend(int reason) {
        if (reasons == 0) {
            io.suspendRead();
        }
        reasons |= reason;
    }

    /** @return whether {@code reason} was set */
    synchronized boolean resume(int reason) {
        if ((reasons & reason) == 0) {
            return false;
        }
        reasons &= ~reason;
        if (reasons == 0 && io.isConnected()) {
            io.resumeRead();
            // resumeRead only changes the selection key's interest set; an I/O thread blocked
            // in select() would see it only at MINA's 1 s select timeout. A flush request
            // wakes the selector at once (with nothing queued it writes nothing).
            if (io instanceof AbstractIoSession s) {
                s.getProcessor().flush(io);
            }
        }
        return true;
    }

    boolean has(int reason) {
        return (reasons & reason) != 0;
    }
}
