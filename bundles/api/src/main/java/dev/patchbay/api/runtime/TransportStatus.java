package dev.patchbay.api.runtime;

import java.util.List;

/**
 * A snapshot of what the whole transport holds and whether it can serve: its memory budget,
 * its I/O threads and its failures. Health checks, metrics and the console read it.
 *
 * @param memoryBudgetBytes      bytes the transport may hold for sessions (pending replies,
 *                               reply batches, partial frames, kept input, TLS buffers)
 * @param memoryHeldBytes        bytes held for sessions now
 * @param memoryState            {@code normal}; {@code pressure} (reads of the sessions holding
 *                               the most are paused); or {@code full} (new connections are
 *                               refused at accept)
 * @param sessionsPausedForMemory sessions whose reads are paused for the budget now
 * @param connectionsRefusedForMemory connections refused at accept because the budget was full,
 *                               since the transport started
 * @param slowReadersClosed      sessions closed because their pending replies drained slower
 *                               than {@code write.min.rate}, since the transport started
 * @param pluginFailures         calls into handlers, codecs, filters or observers that threw
 *                               (an {@code Error} too), each of which closed only its session
 * @param ioThreads              the I/O threads and whether each makes progress
 * @param liveProblems           why the transport is not live (an I/O thread died or is stuck);
 *                               empty when live
 * @param readyProblems          why the transport should not get new traffic (over its memory
 *                               budget, refusing connections); empty when ready
 * @param ioAllocatedBytes       heap bytes allocated by the transport's I/O threads since the
 *                               transport started, ended threads included (0 where the JVM
 *                               cannot tell): divided by the messages served, what the
 *                               message path costs the garbage collector
 * @since 1.3
 */
public record TransportStatus(long memoryBudgetBytes, long memoryHeldBytes, String memoryState,
        int sessionsPausedForMemory, long connectionsRefusedForMemory, long slowReadersClosed,
        long pluginFailures, List<IoThreadStatus> ioThreads, List<String> liveProblems,
        List<String> readyProblems, long ioAllocatedBytes) {

    public TransportStatus {
        ioThreads = List.copyOf(ioThreads);
        liveProblems = List.copyOf(liveProblems);
        readyProblems = List.copyOf(readyProblems);
    }

    /** A status without the allocation figure, as 1.2 made it. */
    public TransportStatus(long memoryBudgetBytes, long memoryHeldBytes, String memoryState,
            int sessionsPausedForMemory, long connectionsRefusedForMemory, long slowReadersClosed,
            long pluginFailures, List<IoThreadStatus> ioThreads, List<String> liveProblems,
            List<String> readyProblems) {
        this(memoryBudgetBytes, memoryHeldBytes, memoryState, sessionsPausedForMemory, connectionsRefusedForMemory,
                slowReadersClosed, pluginFailures, ioThreads, liveProblems, readyProblems, 0);
    }

    /** Whether no I/O thread is dead or stuck. */
    public boolean live() {
        return liveProblems.isEmpty();
    }

    /** Whether the transport takes new connections without memory trouble. */
    public boolean ready() {
        return readyProblems.isEmpty();
    }

    /**
     * One I/O thread.
     *
     * @param name      the thread's name
     * @param alive     {@code false} once it ended with an uncaught throwable
     * @param busyMillis how long its current call into a plug-in has run; 0 when it waits for I/O
     * @param failure   what ended it, when it is not alive; else {@code null}
     */
    public record IoThreadStatus(String name, boolean alive, long busyMillis, String failure) {
    }
}
