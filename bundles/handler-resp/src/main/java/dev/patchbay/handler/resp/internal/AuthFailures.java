package dev.patchbay.handler.resp.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;

/**
 * Posts each failed {@code AUTH} (or {@code HELLO ... AUTH}) on Event Admin for the audit log
 * ({@code auth.failed}): endpoint, session, remote address, the command, why, and the user name
 * if the client gave one; never the password. Only a failure allocates here.
 *
 * <p>AUTH is allowed before authentication, so a pipelining client can fail it hundreds of
 * thousands of times a second; Event Admin's queue is unbounded and the audit queue is not.
 * At most {@link #PER_SECOND} failures a second are posted; the ones past it are counted and the
 * next event posted carries their number ({@code suppressed}), so the total stays exact.
 */
final class AuthFailures {

    static final String WRONG_PASSWORD = "wrong password";
    static final String UNKNOWN_USER = "unknown user";
    static final String NO_PASSWORD_SET = "no password is set";
    /** Failures posted per second at most, for the whole handler. */
    static final int PER_SECOND = 1000;
    /** Property: failures not posted since the previous event, past {@link #PER_SECOND}. */
    static final String SUPPRESSED = "suppressed";

    private final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger posted = new AtomicInteger();
    private final AtomicLong suppressed = new AtomicLong();

    void failed(Call c, String command, String user, String reason) {
        long now = System.nanoTime() / 1_000_000_000L;
        long current = second.get();
        if (current != now && second.compareAndSet(current, now)) {
            posted.set(0);
        }
        if (posted.incrementAndGet() > PER_SECOND) {
            suppressed.incrementAndGet();
            return;
        }
        Map<String, Object> event = new HashMap<>();
        event.put(EventProperties.ENDPOINT, c.session.endpoint());
        event.put(EventProperties.SESSION, c.session.id());
        event.put(EventProperties.REMOTE, String.valueOf(c.session.remoteAddress()));
        event.put(EventProperties.COMMAND, command);
        event.put(EventProperties.REASON, reason);
        if (user != null) {
            event.put(EventProperties.USER, Errors.truncate(user, 128));
        }
        long missed = suppressed.getAndSet(0);
        if (missed > 0) {
            event.put(SUPPRESSED, missed);
        }
        c.context.events.post(Topics.AUTH_FAILED, event);
    }
}
