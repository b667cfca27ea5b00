package dev.patchbay.transport.internal;

import java.util.List;
import java.util.Map;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.ConfigSchema;
import dev.patchbay.support.config.Refusal;

/**
 * The transport's own validated configuration, {@code etc/dev.patchbay.transport.cfg}.
 *
 * @param memoryBudget      bytes held for sessions, at most
 * @param ioStallTimeoutMs  how long one plug-in call may keep an I/O thread before it counts as stuck
 * @param workerThreads     size of the handler worker pool
 * @param workerQueueBytes  input queued per session for the worker before its reads pause
 * @param handshakeThreads  threads running TLS handshakes
 * @param handshakesPending TLS handshakes under way at once, transport-wide; more are refused at accept
 */
record TransportSettings(long memoryBudget, long ioStallTimeoutMs, int workerThreads, int workerQueueBytes,
        int handshakeThreads, int handshakesPending) {

    static final String PID = "dev.patchbay.transport";
    /** The declaration of every key: defaults and ranges come from it, not from this class. */
    static final ConfigSchema SCHEMA = ConfigSchema.of(TransportConfig.class);
    /** The least explicit budget: metatype cannot say "0, or at least this". */
    static final long MIN_BUDGET = 64 * 1024;
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
        ConfigReader r = new ConfigReader(SCHEMA, props);
        TransportSettings s = read(r);
        return new Parsed(r.refusals().isEmpty() ? s : null, r.refusals());
    }

    /** Reads every key through {@code r}: the metatype's ranges, then "0 or at least 64 KiB" for the budget. */
    static TransportSettings read(ConfigReader r) {
        String budgetAccepted = "0 (a quarter of the maximum heap) or a number of bytes from " + MIN_BUDGET;
        long budget = r.numberAccepting("memory.budget", budgetAccepted);
        if (budget > 0 && budget < MIN_BUDGET) {
            r.refuse("memory.budget", budget, budgetAccepted);
            budget = 0;
        }
        return new TransportSettings(budget == 0 ? derivedBudget() : budget,
                r.integer("io.stall.timeout") * 1000L,
                r.integer("worker.threads"),
                r.integer("worker.queue.bytes"),
                derivedHandshakeThreads(r.integer("tls.handshake.threads")),
                r.integer("tls.handshake.pending"));
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
