package dev.patchbay.transport.internal;

import java.util.List;
import java.util.Map;

import dev.patchbay.transport.internal.EndpointSettings.Refusal;

/**
 * The transport's own validated configuration, {@code etc/dev.patchbay.transport.cfg}.
 *
 * @param memoryBudget      bytes held for sessions, at most
 * @param ioStallTimeoutMs  how long one plug-in call may keep an I/O thread before it counts as stuck
 * @param workerThreads     size of the handler worker pool
 * @param workerQueueBytes  input queued per session for the worker before its reads pause
 * @param handshakeThreads  threads running TLS handshake crypto
 * @param handshakesPending TLS handshakes under way at once, transport-wide; more are refused at accept
 */
record TransportSettings(long memoryBudget, long ioStallTimeoutMs, int workerThreads, int workerQueueBytes,
        int handshakeThreads, int handshakesPending) {

    static final String PID = "dev.patchbay.transport";
    static final int DEFAULT_IO_STALL_TIMEOUT = 10;
    static final int DEFAULT_WORKER_THREADS = 16;
    static final int DEFAULT_WORKER_QUEUE_BYTES = 1 << 20;
    static final int DEFAULT_HANDSHAKES_PENDING = 512;
    /** The least budget a derived default gets, for small heaps. */
    static final long MIN_DERIVED_BUDGET = 16L << 20;

    /** The settings, or why they were refused. */
    record Parsed(TransportSettings settings, List<Refusal> refusals) {
        boolean ok() {
            return refusals.isEmpty();
        }
    }

    static TransportSettings defaults() {
        return parse(Map.of()).settings();
    }

    static Parsed parse(Map<String, ?> props) {
        SettingsReader r = new SettingsReader(props);
        long budget = r.longValue("memory.budget", 0, 0, Long.MAX_VALUE, "0 (a quarter of the maximum heap) or a number of bytes from 65536");
        if (budget > 0 && budget < 64 * 1024) {
            r.refuse("memory.budget", budget, "0 (a quarter of the maximum heap) or a number of bytes from 65536");
            budget = 0;
        }
        TransportSettings s = new TransportSettings(budget == 0 ? derivedBudget() : budget,
                r.integer("io.stall.timeout", DEFAULT_IO_STALL_TIMEOUT, 1, 3600) * 1000L,
                r.integer("worker.threads", DEFAULT_WORKER_THREADS, 1, 1024),
                r.integer("worker.queue.bytes", DEFAULT_WORKER_QUEUE_BYTES, 4096, 1 << 30),
                derivedHandshakeThreads(r.integer("tls.handshake.threads", 0, 0, 256)),
                r.integer("tls.handshake.pending", DEFAULT_HANDSHAKES_PENDING, 1, 1_000_000));
        return new Parsed(r.refusals().isEmpty() ? s : null, r.refusals());
    }

    /**
     * A quarter of the maximum heap: the rest is left to handlers, their state, and what the
     * budget does not see (MINA's session objects, buffers in flight for one read).
     */
    static long derivedBudget() {
        return Math.max(MIN_DERIVED_BUDGET, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * 0 means half the processors, at least one: handshake crypto is pure CPU work, and however
     * many handshakes arrive it can then take at most half the machine, leaving the rest to the
     * I/O threads that serve established sessions. More threads finish a burst sooner.
     */
    static int derivedHandshakeThreads(int configured) {
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
