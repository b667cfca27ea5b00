package dev.patchbay.transport.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;


import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.support.config.Refusal;

import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.patchbay.support.log.ThrottledLog;

/**
 * One listening endpoint: its acceptors, its wiring (codec, TLS, filters, handler) and its
 * sessions. Configuration changes arrive through {@link #apply}; service changes through
 * {@link #servicesChanged}. Admission is {@link EndpointAdmission}, waiting sessions
 * {@link HeldSessions}, the end {@link EndpointStop}.
 */
final class Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

    private final String name;
    private final String source;
    private final String pid;
    private final TransportCore core;
    private final SessionDispatcher dispatcher;
    private final WiringResolver resolver;
    private final EndpointAdmission admission;
    private final HeldSessions held;
    private final Acceptors acceptors = new Acceptors();
    private final Set<PatchbaySession> sessions = ConcurrentHashMap.newKeySet();

    /** Published with one write; read once per accept. */
    private volatile EndpointWiring wiring = EndpointWiring.NONE;
    /** Every key of the last applied configuration, for handlers; published with one write. */
    private volatile EndpointProperties properties = EndpointProperties.NONE;
    // Guarded by this.
    private String bindFailure;
    private String refusal;
    private volatile boolean stopped;
    private volatile boolean draining;
    private CompletableFuture<Void> stopping;
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder framesRejected = new LongAdder();
    private final ThrottledLog refusalLog = new ThrottledLog(LOG, 10, "connection(s) refused or TLS handshake(s) failed");

    Endpoint(String name, String source, String pid, TransportCore core) {
        this.name = name;
        this.source = source;
        this.pid = pid;
        this.core = core;
        this.resolver = new WiringResolver(core);
        this.admission = new EndpointAdmission(this);
        this.held = new HeldSessions(this);
        this.dispatcher = new SessionDispatcher(this);
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    TransportCore core() {
        return core;
    }

    EndpointWiring wiring() {
        return wiring;
    }

    EndpointSettings settings() {
        return wiring.settings();
    }

    EndpointProperties properties() {
        return properties;
    }

    /** The keys of a configuration just applied, for handlers ({@code Session.endpointSetting}). */
    void properties(EndpointProperties p) {
        properties = p;
    }

    EndpointAdmission admission() {
        return admission;
    }

    HeldSessions held() {
        return held;
    }

    Set<PatchbaySession> sessions() {
        return sessions;
    }

    boolean isStopped() {
        return stopped;
    }

    boolean isDraining() {
        return draining;
    }

    boolean hasConfiguration() {
        return wiring.settings() != null;
    }

    /** Logs a failed handshake, throttled like refused connections. */
    void handshakeFailed(Object remote, String profile, String reasonClass, String reason) {
        if (refusalLog.allow("Endpoint " + name)) {
            SessionLogContext.set(name, null, remote);
            try {
                LOG.info("Endpoint {}: TLS handshake failed from {} (profile {}, {}): {}", name, remote, profile, reasonClass, reason);
            } finally {
                SessionLogContext.clear();
            }
        }
    }

    /** A connection refused at accept: counted, logged (throttled) and posted. */
    void refused(Object remote, String reason) {
        connectionsRefused.increment();
        if (refusalLog.allow("Endpoint " + name)) {
            SessionLogContext.set(name, null, remote);
            try {
                LOG.info("Endpoint {}: refused connection from {}: {}", name, remote, reason);
            } finally {
                SessionLogContext.clear();
            }
        }
        core.post(Topics.SESSION_REFUSED, props(EventProperties.REMOTE, String.valueOf(remote), EventProperties.REASON, reason));
    }

    /** Refuses a session that was created but never admitted. */
    void refuse(PatchbaySession s, String reason) {
        refused(s.io().getRemoteAddress(), reason);
        s.closeNow(CloseCause.OTHER, "refused: " + reason);
    }

    void admitLate(PatchbaySession s) {
        admission.admitLate(s);
    }

    void frameRejected() {
        framesRejected.increment();
    }

    /** Records a configuration refused before any good one arrived. */
    synchronized void refusedInitially(String reason) {
        refusal = reason;
    }

    /**
     * Makes {@code next} the endpoint's configuration.
     *
     * @return {@code null} when applied, else why it was refused; the endpoint then keeps its
     *         previous configuration, and a first configuration that cannot bind is kept so
     *         that the endpoint can be fixed by the next change
     */
    synchronized Refusal apply(EndpointSettings next) {
        EndpointSettings previous = wiring.settings();
        if (previous != null && !next.codec().equals(previous.codec()) && core.codec(next.codec()) == null) {
            return new Refusal("codec", next.codec(),
                    "an installed codec: " + String.join(", ", core.codecNames()));
        }
        draining = false;
        NioSocketAcceptor current = acceptors.current();
        boolean rebind = current == null || previous == null
                || !next.host().equals(previous.host()) || next.port() != previous.port()
                || next.backlog() != previous.backlog();
        if (rebind) {
            NioSocketAcceptor fresh = newAcceptor(next);
            InetSocketAddress address = new InetSocketAddress(next.host(), next.port());
            try {
                if (address.isUnresolved()) {
                    throw new IOException("cannot resolve host " + next.host());
                }
                fresh.bind(address);
            } catch (IOException | RuntimeException e) {
                fresh.dispose(false);
                String reason = "cannot bind " + next.address() + ": " + rootMessage(e);
                if (previous == null || current == null) {
                    refusal = null;
                    bindFailure = reason;
                    resolve(next);
                    LOG.error("Endpoint {} ({}): {}", name, source, reason);
                    return null;
                }
                String key = previous.host().equals(next.host()) ? "port" : "host";
                return new Refusal(key, key.equals("port") ? String.valueOf(next.port()) : next.host(),
                        "an address this machine can bind: " + reason);
            }
            NioSocketAcceptor old = acceptors.replace(fresh);
            bindFailure = null;
            if (old != null) {
                LOG.info("Endpoint {} moved from {} to {}; {} open session(s) stay on the old address until they close",
                        name, previous.address(), next.address(), sessions.size());
                core.post(Topics.ENDPOINT_MOVED, props(EventProperties.LOCAL, next.address(), EventProperties.PREVIOUS, previous.address()));
            } else {
                LOG.info("Endpoint {} listening on {} (codec {}, handler {})", name, next.address(), next.codec(), next.handler());
                core.post(Topics.ENDPOINT_STARTED, props(EventProperties.LOCAL, next.address(), EventProperties.PID, pid, EventProperties.FILE, source));
            }
        } else {
            configureSessions(current.getSessionConfig(), next);
        }
        for (PatchbaySession s : sessions) {
            s.settingsChanged(next);
        }
        refusal = null;
        resolve(next);
        return null;
    }

    private NioSocketAcceptor newAcceptor(EndpointSettings s) {
        NioSocketAcceptor a = new ScreeningAcceptor(core.acceptorThreads(), core.processors(), admission);
        a.setReuseAddress(true);
        a.setBacklog(s.backlog());
        // Sessions outlive the acceptor that accepted them when the endpoint moves.
        a.setCloseOnDeactivation(false);
        // MINA's service-wide statistics take one lock that every session of the acceptor
        // shares, on every read and write; nothing here reads them (sessions keep their own).
        a.getStatistics().getConfig().setStatisticsCalcEnabled(false);
        a.setHandler(dispatcher);
        configureSessions(a.getSessionConfig(), s);
        return a;
    }

    private static void configureSessions(SocketSessionConfig c, EndpointSettings s) {
        c.setTcpNoDelay(s.tcpNoDelay());
        if (s.receiveBufferSize() > 0) {
            c.setReceiveBufferSize(s.receiveBufferSize());
        }
        if (s.sendBufferSize() > 0) {
            c.setSendBufferSize(s.sendBufferSize());
        }
        c.setIdleTime(IdleStatus.BOTH_IDLE, s.idleTimeoutSeconds());
        c.setWriteTimeout(s.writeTimeoutSeconds());
    }

    /** Re-reads codec, TLS profile, filters and handler from the whiteboards. */
    synchronized void servicesChanged() {
        EndpointSettings s = wiring.settings();
        if (s != null && !stopped) {
            resolve(s);
        }
    }

    /** Publishes the wiring for {@code s}, says what changed, and moves sessions to a new handler. */
    private void resolve(EndpointSettings s) {
        EndpointWiring old = wiring;
        EndpointWiring w = resolver.resolve(s, old);
        wiring = w;
        admission.wiringChanged(w);
        String missingBefore = old.settings() == null ? null : old.missing();
        String missingNow = w.missing();
        if (!Objects.equals(missingBefore, missingNow)) {
            if (missingNow != null) {
                LOG.warn("Endpoint {}: {}; {} new connections until it is", name, missingNow,
                        held.size() > 0 || !wasServing(old) ? "holding" : "refusing");
            } else if (old.settings() != null) {
                LOG.info("Endpoint {}: codec, TLS profile and required filters present; accepting connections", name);
            }
        }
        HandlerChange.apply(this, s, old.handler(), w.handler());
        if (w.complete()) {
            held.admitWaiting();
        }
    }

    private static boolean wasServing(EndpointWiring w) {
        return w.settings() != null && w.complete();
    }

    int sessionsServedBy(HandlerBinding b) {
        int n = 0;
        for (PatchbaySession s : sessions) {
            if (b.equals(s.binding())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Stops accepting and lets open sessions finish; those still open when drain.timeout has
     * passed are ended gracefully.
     */
    void drain(String reason) {
        EndpointSettings s;
        synchronized (this) {
            s = wiring.settings();
            if (stopped || draining || s == null) {
                return;
            }
            draining = true;
            acceptors.retireCurrent();
        }
        LOG.info("Endpoint {}: draining ({}); stopped accepting on {}, {} open session(s) have {} s to finish",
                name, reason, s.address(), sessions.size(), s.drainTimeoutSeconds());
        core.post(Topics.ENDPOINT_DRAINING, props(EventProperties.LOCAL, s.address(),
                EventProperties.SESSIONS, sessions.size(), EventProperties.REASON, reason));
        for (PatchbaySession session : sessions) {
            session.drainWithin(s.drainTimeoutSeconds());
        }
    }

    void sessionGone(PatchbaySession s) {
        held.remove(s);
        admission.gone(s);
        if (sessions.remove(s) && stopped) {
            synchronized (this) {
                notifyAll();
            }
        }
        if (acceptors.retiredCount() > 0) {
            // MINA forgets the session only after this event; look once it has.
            core.scheduler().execute(acceptors::disposeIdle);
        }
    }

    /** Stops accepting; the sessions are ended by {@link EndpointStop}. @return {@code false} if already stopped */
    synchronized boolean markStopped() {
        if (stopped) {
            return false;
        }
        stopped = true;
        acceptors.retireCurrent();
        return true;
    }

    /** Stops the endpoint on a thread of its own: endpoints stopping together drain in parallel. */
    synchronized CompletableFuture<Void> stopAsync(String reason) {
        if (stopping == null) {
            stopping = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    EndpointStop.run(this, reason);
                } finally {
                    stopping.complete(null);
                }
            }, "patchbay-stop-" + name);
            t.setDaemon(true);
            t.start();
        }
        return stopping;
    }

    /** The endpoint is gone: its acceptors are disposed and it leaves the transport. */
    void stopped(String reason, EndpointSettings s, int open, int forced) {
        acceptors.disposeAll();
        core.removeEndpoint(this);
        if (s != null) {
            LOG.info("Endpoint {} stopped ({}): {} session(s) were open, {} closed after the drain", name, reason, open, forced);
            core.post(Topics.ENDPOINT_STOPPED, props(EventProperties.LOCAL, s.address(), EventProperties.REASON, reason));
        }
    }

    /** A snapshot for the console, metrics and health checks. */
    synchronized EndpointInfo info() {
        return EndpointSnapshot.of(this, refusal, bindFailure, acceptors.current() != null,
                connectionsRefused.sum(), framesRejected.sum());
    }

    String pid() {
        return pid;
    }

    Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put(EventProperties.ENDPOINT, name);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
