package dev.patchbay.transport.internal;

import java.util.concurrent.TimeUnit;

import dev.patchbay.api.observe.CloseCause;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second: closes clients that read their replies slower than their endpoint's
 * {@code write.min.rate} (while the memory budget is full, clients paused for it that read
 * nothing for two seconds), and reports I/O threads stuck past {@code io.stall.timeout} (once per
 * stall). It reads counters MINA and the sessions keep anyway; the message path does nothing
 * for it.
 */
final class TransportWatchdog implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TransportWatchdog.class);

    /** How long a session paused while the budget is full may go without reading its replies. */
    static final long EVICT_AFTER_MS = 2000;

    private final TransportCore core;
    private boolean stallReported;

    TransportWatchdog(TransportCore core) {
        this.core = core;
    }

    @Override
    public void run() {
        try {
            core.memory().recheck();
            checkReaders();
            checkThreads();
        } catch (Throwable t) {
            LOG.error("Transport watchdog failed; it runs again in a second", t);
        }
    }

    private void checkReaders() {
        long now = System.currentTimeMillis();
        MemoryBudget.State state = core.memory().state();
        boolean full = state == MemoryBudget.State.FULL;
        for (PatchbaySession s : core.allSessions()) {
            EndpointSettings settings = s.owner().settings();
            if (settings == null || s.isClosing()) {
                continue;
            }
            long window = TimeUnit.SECONDS.toMillis(settings.writeTimeoutSeconds());
            if (state != MemoryBudget.State.NORMAL) {
                // Paused for memory and going nowhere: an unfinished frame, replies never read, or
                // a client already gone (a paused session is not read, so its close goes unseen).
                long stalled = s.pressure().stalledForMillis(now);
                long limit = full ? EVICT_AFTER_MS : window;
                if (stalled >= limit) {
                    evict(s, "paused for the transport's memory budget (" + state + ") for " + stalled / 1000
                            + " s without reading or writing a byte");
                    continue;
                }
            }
            long minRate = settings.writeMinRate();
            // While the budget is full, new clients are refused; a session paused for memory that
            // does not read its replies is what keeps them out, and gets a much shorter grace.
            boolean evicting = full && s.pressure().isMemoryPaused();
            if (evicting) {
                window = Math.min(window, EVICT_AFTER_MS);
                minRate = Math.max(minRate, 1);
            }
            long rate = s.slowReader().check(now, s.io().getScheduledWriteBytes(), s.delivery().writtenBytes(), window, minRate);
            if (rate >= 0) {
                core.slowReaderClosed();
                String reason = evicting
                        ? "client read its replies at " + rate + " B/s over " + window / 1000 + " s while the transport's memory budget was full"
                        : "client read its replies at " + rate + " B/s over " + settings.writeTimeoutSeconds()
                                + " s, below write.min.rate=" + minRate + " B/s";
                if (core.failureLog().allow("Endpoint " + s.owner().name())) {
                    LOG.info("Endpoint {}: closing session {} from {}: {}", s.owner().name(), s.id(), s.remoteAddress(), reason);
                }
                s.closeNow(CloseCause.WRITE_TIMEOUT, reason);
            }
        }
    }

    private void evict(PatchbaySession s, String reason) {
        core.slowReaderClosed();
        if (core.failureLog().allow("Endpoint " + s.owner().name())) {
            LOG.info("Endpoint {}: closing session {} from {}: {}", s.owner().name(), s.id(), s.remoteAddress(), reason);
        }
        s.closeNow(CloseCause.WRITE_TIMEOUT, reason);
    }

    private void checkThreads() {
        var problems = IoThreads.problems(core.ioThreads().status(), core.settings().ioStallTimeoutMs());
        if (!problems.isEmpty() && !stallReported) {
            LOG.error("Transport not live: {}", String.join("; ", problems));
        } else if (problems.isEmpty() && stallReported) {
            LOG.info("Transport live again: every I/O thread makes progress");
        }
        stallReported = !problems.isEmpty();
    }
}
