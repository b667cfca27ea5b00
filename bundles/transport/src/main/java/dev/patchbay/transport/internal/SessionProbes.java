package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.observe.SessionObserver;
import dev.patchbay.api.observe.SessionSummary;
import dev.patchbay.api.observe.TrafficProbe;

/**
 * The session observers told of one session's open, and the traffic probes they returned. An
 * observer that throws, an {@code Error} too, is logged and counted and loses its probe for
 * this session; the session itself carries on.
 */
final class SessionProbes {

    private static final SessionObserver[] NO_OBSERVERS = new SessionObserver[0];
    private static final TrafficProbe[] NO_PROBES = new TrafficProbe[0];

    private final TransportCore core;
    private final PatchbaySession failures;
    private SessionObserver[] observedBy = NO_OBSERVERS;
    private SessionObserver[] probeOwners = NO_OBSERVERS;
    private volatile TrafficProbe[] probes = NO_PROBES;
    /** The transport's observer array when the probes were last checked against it. */
    private SessionObserver[] observersSeen;

    SessionProbes(TransportCore core, PatchbaySession failures) {
        this.core = core;
        this.failures = failures;
    }

    /** Tells the observers of the open, and keeps the probes they return. */
    void opened(Session session) {
        SessionObserver[] all = core.observers();
        observersSeen = all;
        if (all.length == 0) {
            return;
        }
        observedBy = all;
        SessionObserver[] owners = new SessionObserver[all.length];
        TrafficProbe[] found = new TrafficProbe[all.length];
        int n = 0;
        for (SessionObserver o : all) {
            try {
                TrafficProbe p = o.opened(session);
                if (p != null) {
                    owners[n] = o;
                    found[n++] = p;
                }
            } catch (Throwable t) {
                failures.failures().observer(o, "open", t);
            }
        }
        probeOwners = Arrays.copyOf(owners, n);
        probes = Arrays.copyOf(found, n);
    }

    /** The probes of observers still registered: one that left stops being called. */
    TrafficProbe[] current() {
        SessionObserver[] all = core.observers();
        if (all != observersSeen) {
            observersSeen = all;
            keepOnly(Arrays.asList(all), null);
        }
        return probes;
    }

    /** The probes as they are, for the I/O thread's write path. */
    TrafficProbe[] all() {
        return probes;
    }

    void received(TrafficProbe[] observing, int frames, int bytes) {
        for (TrafficProbe p : observing) {
            try {
                p.received(frames, bytes);
            } catch (Throwable t) {
                dropProbe(p, t);
            }
        }
    }

    void sent(int replies, int bytes, long latencyNanos) {
        for (TrafficProbe p : probes) {
            try {
                p.sent(replies, bytes);
                if (latencyNanos != 0) {
                    p.replied(replies, latencyNanos);
                }
            } catch (Throwable t) {
                dropProbe(p, t);
            }
        }
    }

    private synchronized void dropProbe(TrafficProbe p, Throwable t) {
        for (int i = 0; i < probes.length; i++) {
            if (probes[i] == p) {
                failures.failures().observer(probeOwners[i], "traffic probe", t);
                keepOnly(null, p);
                return;
            }
        }
    }

    private synchronized void keepOnly(List<SessionObserver> present, TrafficProbe without) {
        List<SessionObserver> owners = new ArrayList<>();
        List<TrafficProbe> kept = new ArrayList<>();
        for (int i = 0; i < probes.length; i++) {
            if ((present == null || present.contains(probeOwners[i])) && probes[i] != without) {
                owners.add(probeOwners[i]);
                kept.add(probes[i]);
            }
        }
        probeOwners = owners.toArray(SessionObserver[]::new);
        probes = kept.toArray(TrafficProbe[]::new);
    }

    /** Tells the observers that were told of the open, and are still registered, of the close. */
    void closed(Session session, SessionSummary summary) {
        if (observedBy.length == 0) {
            return;
        }
        List<SessionObserver> present = Arrays.asList(core.observers());
        for (SessionObserver o : observedBy) {
            if (!present.contains(o)) {
                continue;
            }
            try {
                o.closed(session, summary);
            } catch (Throwable t) {
                failures.failures().observer(o, "close", t);
            }
        }
    }
}
