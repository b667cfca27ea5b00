package dev.patchbay.transport.internal;

import java.util.concurrent.TimeUnit;

import dev.patchbay.api.observe.CloseCause;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second: closes clients that read their replies slower than their endpoint's
 * {@code write.min.rate}, and reports I/O threads stuck past {@code io.stall.timeout} (once per
 * stall). It reads counters MINA and the sessions keep anyway; the message path does nothing
 * for it.
 */
final class TransportWatchdog implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TransportWatchdog.class);

    private final TransportCore core;
    private boolean stallReported;

    TransportWatchdog(TransportCore core) {
        this.core = core;
    }

    @Override
    public void run() {
        try {
            checkReaders();
            checkThreads();
        } catch (Throwable t) {
            LOG.error("Transport watchdog failed; it runs again in a second", t);
        }
    }

    private void checkReaders() {
        long now = System.currentTimeMillis();
        for (PatchbaySession s : core.allSessions()) {
            EndpointSettings settings = s.owner().settings();
            if (settings == null || s.isClosing()) {
                continue;
            }
            long window = TimeUnit.SECONDS.toMillis(settings.writeTimeoutSeconds());
            long rate = s.slowReader().check(now, s.io().getScheduledWriteBytes(), s.io().getWrittenBytes(),
                    window, settings.writeMinRate());
            if (rate >= 0) {
                core.slowReaderClosed();
                String reason = "client read its replies at " + rate + " B/s over " + settings.writeTimeoutSeconds()
                        + " s, below write.min.rate=" + settings.writeMinRate() + " B/s";
                if (core.failureLog().allow("Endpoint " + s.owner().name())) {
                    LOG.info("Endpoint {}: closing session {} from {}: {}", s.owner().name(), s.id(), s.remoteAddress(), reason);
                }
                s.closeNow(CloseCause.WRITE_TIMEOUT, reason);
            }
        }
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
