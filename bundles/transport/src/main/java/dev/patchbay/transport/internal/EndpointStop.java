package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.patchbay.api.observe.CloseCause;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an endpoint gracefully: it stops accepting at once; each open session is served until
 * it goes quiet (nothing read for {@link #QUIET_MS}, nothing to deliver, no reply pending) or
 * {@code drain.timeout} passes, then ended by {@link GracefulClose} (every request already read
 * answered, then a FIN). Sessions that have not closed a moment after that are closed.
 */
final class EndpointStop {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointStop.class);

    static final long QUIET_MS = 500;
    private static final long POLL_MS = 20;

    private EndpointStop() {
    }

    static void run(Endpoint e, String reason) {
        if (!e.markStopped()) {
            return;
        }
        e.held().refuseWaiting("endpoint stopping (" + reason + ")");
        EndpointSettings s = e.settings();
        int open = e.sessions().size();
        long drainMillis = s == null ? 0 : TimeUnit.SECONDS.toMillis(s.drainTimeoutSeconds());
        if (open > 0) {
            LOG.info("Endpoint {}: stopping ({}); not accepting, {} open session(s) are served until they go quiet "
                    + "or drain.timeout={} s passes", e.name(), reason, open, drainMillis / 1000);
        }
        long deadline = System.currentTimeMillis() + drainMillis;
        while (!e.sessions().isEmpty() && System.currentTimeMillis() < deadline) {
            long now = System.currentTimeMillis();
            for (PatchbaySession session : e.sessions()) {
                if (isQuiet(session, now)) {
                    session.graceful().finish(CloseCause.DRAINED, "endpoint stopped (" + reason + "): the session was quiet");
                }
            }
            await(e, POLL_MS);
        }
        int forced = 0;
        for (PatchbaySession session : e.sessions()) {
            if (!session.graceful().isFinishing()) {
                forced++;
            }
            session.graceful().finish(CloseCause.DRAINED, "endpoint stopped (" + reason + "): still busy after drain.timeout");
        }
        long closeBy = System.currentTimeMillis() + GracefulClose.LINGER_MS + 200;
        while (!e.sessions().isEmpty() && System.currentTimeMillis() < closeBy) {
            await(e, POLL_MS);
        }
        List<PatchbaySession> left = new ArrayList<>(e.sessions());
        for (PatchbaySession session : left) {
            session.closeNow(CloseCause.DRAINED, "endpoint stopped (" + reason + "): did not close after its last reply");
        }
        e.stopped(reason, s, open, forced);
    }

    private static boolean isQuiet(PatchbaySession s, long now) {
        return s.delivery().isIdle() && s.io().getScheduledWriteBytes() == 0 && !s.isHandshaking()
                && now - Math.max(s.io().getLastReadTime(), s.io().getCreationTime()) >= QUIET_MS;
    }

    private static void await(Endpoint e, long millis) {
        synchronized (e) {
            try {
                e.wait(millis);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
