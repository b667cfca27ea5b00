package dev.patchbay.transport.internal;

import org.apache.mina.core.session.IoSession;

/**
 * A session's back-pressure: its reads pause while the client leaves more than
 * {@code max.pending.write.bytes} of replies unread, and while the transport is near its memory
 * budget and this session holds more than its share; its reservation in the budget follows
 * what it holds. Checked after each read and each write, from counters the session keeps anyway.
 */
final class SessionPressure {

    /** A session whose pending replies pass this many times max.pending.write.bytes is closed while the budget is full. */
    static final int HOG_FACTOR = 4;

    private final PatchbaySession session;
    private final IoSession io;
    private final ReadGate gate;
    private final MemoryShare memory;
    private volatile boolean memoryPaused;
    private volatile long pausedAt;
    private volatile long progressAtPause;

    SessionPressure(PatchbaySession session, IoSession io, ReadGate gate, MemoryShare memory) {
        this.session = session;
        this.io = io;
        this.gate = gate;
        this.memory = memory;
    }

    /** After input was handled: cover what the session holds, and pause it if it holds too much. */
    void afterInput() {
        long held = session.delivery().heldBytes();
        memory.cover(held);
        MemoryBudget budget = session.owner().core().memory();
        if (held > budget.pauseAbove() && !memoryPaused && !session.isClosing()) {
            pausedAt = System.currentTimeMillis();
            progressAtPause = io.getReadBytes() + session.delivery().writtenBytes();
            memoryPaused = true;
            budget.paused(session);
            gate.suspend(ReadGate.MEMORY);
        }
    }

    /** After replies were queued or written. */
    void afterOutput() {
        long pending = io.getScheduledWriteBytes();
        int max = session.owner().wiring().settings().maxPendingWriteBytes();
        if (pending > max) {
            gate.suspend(ReadGate.WRITE_BACKLOG);
        } else if (pending <= max / 2 && gate.has(ReadGate.WRITE_BACKLOG)) {
            gate.resume(ReadGate.WRITE_BACKLOG);
        }
        long held = session.delivery().heldBytes();
        memory.cover(held);
        MemoryBudget budget = session.owner().core().memory();
        if (memoryPaused && held <= budget.pauseAbove() / 2) {
            resumeForMemory();
        } else if (pending > HOG_FACTOR * (long) max && budget.state() == MemoryBudget.State.FULL && !session.isClosing()) {
            // Pausing reads cannot stop a handler that writes without end in one call, and
            // nothing drains while it runs: with the budget full, its session is closed.
            session.failures().repliesOverflow(pending, HOG_FACTOR * (long) max);
        }
    }

    /** The budget has room again (or this session holds little now): read again. */
    void resumeForMemory() {
        if (memoryPaused) {
            memoryPaused = false;
            session.owner().core().memory().resumed(session);
            gate.resume(ReadGate.MEMORY);
        }
    }

    boolean isMemoryPaused() {
        return memoryPaused;
    }

    /**
     * How long the session has been paused for memory without a byte read or written since,
     * in milliseconds; 0 when it is not paused or moved. A paused session is not read, so a
     * client that went away (or one holding an unfinished frame) shows as no progress.
     */
    long stalledForMillis(long now) {
        if (!memoryPaused || io.getReadBytes() + session.delivery().writtenBytes() != progressAtPause) {
            return 0;
        }
        return now - pausedAt;
    }

    /** The session is gone: its reservation goes back to the budget. */
    void release() {
        memory.release();
        if (memoryPaused) {
            memoryPaused = false;
            session.owner().core().memory().resumed(session);
        }
    }
}
