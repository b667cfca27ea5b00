package dev.patchbay.transport.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.filter.Admission;
import dev.patchbay.api.tls.TlsConstants;

import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once per connection and from one reading of the endpoint's wiring, whether a new
 * connection is served: the endpoint is not stopping, it has what it needs (or is still
 * starting, and the connection waits for it), {@code max.connections} is not reached, the
 * memory budget has room, every filter of the chain admits it, and on a TLS endpoint fewer
 * than {@code tls.handshake.pending} handshakes are under way.
 */
final class EndpointAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointAdmission.class);

    private final Endpoint endpoint;
    /** Admitted sessions not yet gone; checked and counted in one step, so concurrent accepts cannot pass max.connections. */
    private final AtomicInteger admitted = new AtomicInteger();
    /** Set once the endpoint first had everything admission needs; from then on a gap refuses. */
    private volatile boolean wasComplete;

    EndpointAdmission(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    void wiringChanged(EndpointWiring w) {
        if (w.complete()) {
            wasComplete = true;
        }
    }

    /**
     * Asks the filters of a complete chain about a connection's address, on the acceptor
     * thread, before it becomes a session; a refusal is counted, logged and posted like any.
     *
     * @return whether the connection goes on to become a session (and to {@link #accepted})
     */
    boolean screen(InetSocketAddress remote) {
        EndpointWiring w = endpoint.wiring();
        if (!w.complete() || remote == null) {
            return true;
        }
        FilterBinding[] chain = w.chain();
        for (int i = 0; i < chain.length; i++) {
            Admission a;
            try {
                a = chain[i].filter().screen(endpoint.name(), remote);
            } catch (Throwable t) {
                // Fail open here: admit() asks the same filter again and fails closed, with its log line.
                continue;
            }
            if (!a.accepted()) {
                endpoint.refused(remote, "filter " + chain[i].name() + ": " + a.reason());
                return false;
            }
        }
        return true;
    }

    /** A connection was accepted, on its I/O thread. */
    void accepted(IoSession io) {
        EndpointWiring w = endpoint.wiring();
        if (endpoint.isStopped() || endpoint.isDraining() || w.settings() == null) {
            refuse(io, "endpoint is stopping");
            return;
        }
        PatchbaySession s = new PatchbaySession(io, endpoint, w.settings().onWorker(), w.settings().tls() != null);
        io.setAttribute(SessionDispatcher.SESSION_KEY, s);
        if (!w.complete()) {
            if (wasComplete) {
                endpoint.refuse(s, w.missing());
            } else {
                // Starting: the TLS profile or a filter is not there yet. Wait for it, do not refuse.
                endpoint.held().awaitAdmission(s, w.settings().handlerWaitTimeoutSeconds());
            }
            return;
        }
        admit(s, w);
    }

    /** A connection that waited while the endpoint was starting, on its lane: admit it now, and open it. */
    void admitLate(PatchbaySession s) {
        if (!s.io().isConnected()) {
            return;
        }
        EndpointWiring w = endpoint.wiring();
        if (!w.complete()) {
            endpoint.refuse(s, w.missing());
            return;
        }
        if (!admit(s, w)) {
            return;
        }
        s.gate().resume(ReadGate.ADMISSION);
        open(s);
    }

    /** MINA opened the session: open it for its handler, or start its TLS handshake clock. */
    void open(PatchbaySession s) {
        if (!s.isAdmitted()) {
            return;
        }
        if (s.isHandshaking()) {
            ProfileSslFilter tls = (ProfileSslFilter) s.io().getFilterChain().get(ProfileSslFilter.NAME);
            s.armHandshakeTimer(tls == null ? Duration.ofSeconds(10) : tls.profile().handshakeTimeout());
        } else {
            s.opened();
        }
    }

    private boolean admit(PatchbaySession s, EndpointWiring w) {
        int max = w.settings().maxConnections();
        if (admitted.incrementAndGet() > max) {
            admitted.decrementAndGet();
            endpoint.refuse(s, "max.connections=" + max + " reached");
            return false;
        }
        if (!s.memory().reserveBase()) {
            admitted.decrementAndGet();
            MemoryBudget m = endpoint.core().memory();
            endpoint.refuse(s, "transport memory budget full (" + m.held() + " of " + m.budget() + " bytes held; memory.budget)");
            return false;
        }
        FrameDecoder decoder;
        try {
            decoder = w.codec().newDecoder(w.settings().maxFrameSize());
        } catch (Throwable t) {
            LOG.warn("Endpoint {}: codec {} failed to make a decoder; refusing the connection", endpoint.name(), w.settings().codec(), t);
            endpoint.core().pluginFailed();
            release(s);
            endpoint.refuse(s, "codec " + w.settings().codec() + " failed: " + t);
            return false;
        }
        FilterBinding[] chain = w.chain();
        for (int i = 0; i < chain.length; i++) {
            Admission a = filterAdmit(chain[i], s);
            if (!a.accepted()) {
                // The filters that admitted it hear that it is gone, once, when MINA reports the close.
                s.admittedBy(Arrays.copyOf(chain, i));
                release(s);
                endpoint.refuse(s, "filter " + chain[i].name() + ": " + a.reason());
                return false;
            }
        }
        HandshakePool handshakes = endpoint.core().handshakes();
        if (w.tls() != null && !handshakes.tryStart()) {
            // Back-pressure: the handshake pool's work is bounded by the handshakes under way.
            s.admittedBy(chain);
            release(s);
            endpoint.refuse(s, "tls.handshake.pending=" + handshakes.limit() + " TLS handshakes already under way");
            return false;
        }
        s.admitted(chain, w.handler(), w.codec(), decoder);
        if (w.tls() == null) {
            s.delivery().allowDirectWrites();
        } else {
            s.handshakeStarted(w.tls().profile().name());
            try {
                s.io().getFilterChain().addFirst(ProfileSslFilter.NAME, w.tls());
            } catch (Throwable t) {
                s.handshakeFailed(TlsConstants.REASON_OTHER, "cannot start TLS: " + TlsFailure.reason(t));
            }
        }
        return true;
    }

    private void release(PatchbaySession s) {
        admitted.decrementAndGet();
        s.memory().release();
    }

    private Admission filterAdmit(FilterBinding f, PatchbaySession s) {
        try {
            return f.filter().admit(s);
        } catch (Throwable t) {
            LOG.warn("Endpoint {}: filter {} failed on a new connection; refusing it (fail closed)", endpoint.name(), f.name(), t);
            endpoint.core().pluginFailed();
            return Admission.refuse("filter failed: " + t);
        }
    }

    /** An admitted session is gone. */
    void gone(PatchbaySession s) {
        if (s.isAdmitted()) {
            admitted.decrementAndGet();
        }
    }

    private void refuse(IoSession io, String reason) {
        endpoint.refused(io.getRemoteAddress(), reason);
        io.closeNow();
    }
}
