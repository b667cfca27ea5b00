package dev.patchbay.transport.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.api.tls.TlsProfile;
import dev.patchbay.transport.internal.EndpointSettings.FilterRef;

import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening endpoint: its acceptor, its current codec, handler and filter chain, and its
 * sessions. Configuration changes arrive through {@link #apply}; service changes through
 * {@link #servicesChanged}.
 */
final class Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

    private final String name;
    private final String source;
    private final String pid;
    private final TransportCore core;
    private final SessionDispatcher dispatcher;

    private final Set<PatchbaySession> sessions = ConcurrentHashMap.newKeySet();
    /** Sessions waiting for a handler, each with the token of its hold, so a stale timeout is ignored. */
    private final Map<PatchbaySession, Object> held = new ConcurrentHashMap<>();

    // Guarded by this; read without the lock on the I/O path through the volatile fields below.
    private NioSocketAcceptor acceptor;
    private final List<NioSocketAcceptor> retired = new ArrayList<>();
    private String bindFailure;
    private String refusal;

    private volatile EndpointSettings settings;
    private volatile Codec codec;
    private volatile HandlerBinding handler;
    private volatile FilterBinding[] chain = new FilterBinding[0];
    private volatile List<String> missingFilters = List.of();
    /** The TLS filter of the endpoint's profile; {@code null} when plaintext or the profile is missing. */
    private volatile ProfileSslFilter tlsFilter;
    private volatile boolean stopped;
    private volatile boolean draining;
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder framesRejected = new LongAdder();
    private static final int REFUSALS_LOGGED_PER_WINDOW = 10;
    private static final long REFUSAL_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final AtomicInteger refusalsInWindow = new AtomicInteger();
    private volatile long refusalWindowStart = System.nanoTime();

    Endpoint(String name, String source, String pid, TransportCore core) {
        this.name = name;
        this.source = source;
        this.pid = pid;
        this.core = core;
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

    EndpointSettings settings() {
        return settings;
    }

    Codec codec() {
        return codec;
    }

    HandlerBinding handler() {
        return handler;
    }

    FilterBinding[] chain() {
        return chain;
    }

    List<String> missingFilters() {
        return missingFilters;
    }

    ProfileSslFilter tlsFilter() {
        return tlsFilter;
    }

    /** Logs a failed handshake, throttled like refused connections. */
    void handshakeFailed(Object remote, String profile, String reasonClass, String reason) {
        logRefusal(remote, "TLS handshake failed (" + reasonClass + ", profile " + profile + "): " + reason);
    }

    boolean isStopped() {
        return stopped;
    }

    boolean isDraining() {
        return draining;
    }

    boolean hasConfiguration() {
        return settings != null;
    }

    Set<PatchbaySession> sessions() {
        return sessions;
    }

    void connectionRefused() {
        connectionsRefused.increment();
    }

    /**
     * Logs a refused connection, at most {@link #REFUSALS_LOGGED_PER_WINDOW} lines per ten
     * seconds, then one line saying how many more there were: a flood must not flood the log.
     */
    void logRefusal(Object remote, String reason) {
        long now = System.nanoTime();
        long window = refusalWindowStart;
        if (now - window > REFUSAL_WINDOW_NANOS) {
            int suppressed = refusalsInWindow.getAndSet(0) - REFUSALS_LOGGED_PER_WINDOW;
            refusalWindowStart = now;
            if (suppressed > 0) {
                LOG.warn("Endpoint {}: {} more connection(s) refused in the last 10 s, not logged one by one", name, suppressed);
            }
        }
        if (refusalsInWindow.incrementAndGet() <= REFUSALS_LOGGED_PER_WINDOW) {
            LOG.info("Endpoint {}: refused connection from {}: {}", name, remote, reason);
        }
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
    synchronized EndpointSettings.Refusal apply(EndpointSettings next) {
        EndpointSettings previous = settings;
        if (previous != null && !next.codec().equals(previous.codec()) && core.codec(next.codec()) == null) {
            return new EndpointSettings.Refusal("codec", next.codec(),
                    "an installed codec: " + String.join(", ", core.codecNames()));
        }
        draining = false;
        boolean rebind = acceptor == null || previous == null
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
                if (previous == null || acceptor == null) {
                    settings = next;
                    refusal = null;
                    bindFailure = reason;
                    resolveServices();
                    LOG.error("Endpoint {} ({}): {}", name, source, reason);
                    return null;
                }
                String key = previous.host().equals(next.host()) ? "port" : "host";
                return new EndpointSettings.Refusal(key, key.equals("port") ? String.valueOf(next.port()) : next.host(),
                        "an address this machine can bind: " + reason);
            }
            NioSocketAcceptor old = acceptor;
            acceptor = fresh;
            bindFailure = null;
            if (old != null) {
                retire(old);
                LOG.info("Endpoint {} moved from {} to {}; {} open session(s) stay on the old address until they close",
                        name, previous.address(), next.address(), sessions.size());
                core.post(Topics.ENDPOINT_MOVED, props(EventProperties.LOCAL, next.address(), EventProperties.PREVIOUS, previous.address()));
            } else {
                LOG.info("Endpoint {} listening on {} (codec {}, handler {})", name, next.address(), next.codec(), next.handler());
                core.post(Topics.ENDPOINT_STARTED, props(EventProperties.LOCAL, next.address(), EventProperties.PID, source));
            }
        } else {
            configureSessions(acceptor.getSessionConfig(), next);
        }
        for (PatchbaySession s : sessions) {
            s.settingsChanged(next);
        }
        settings = next;
        refusal = null;
        resolveServices();
        return null;
    }

    private NioSocketAcceptor newAcceptor(EndpointSettings s) {
        NioSocketAcceptor a = new NioSocketAcceptor(core.acceptorThreads(), core.processors());
        a.setReuseAddress(true);
        a.setBacklog(s.backlog());
        // Sessions outlive the acceptor that accepted them when the endpoint moves.
        a.setCloseOnDeactivation(false);
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

    private void retire(NioSocketAcceptor old) {
        old.unbind();
        retired.add(old);
    }

    /** Re-reads codec, handler and filters from the whiteboards. */
    void servicesChanged() {
        synchronized (this) {
            if (settings != null && !stopped) {
                resolveServices();
            }
        }
    }

    private void resolveServices() {
        EndpointSettings s = settings;
        Codec c = core.codec(s.codec());
        if (c != codec) {
            if (c == null) {
                LOG.warn("Endpoint {}: codec {} is not installed (installed: {}); refusing new connections until it is",
                        name, s.codec(), String.join(", ", core.codecNames()));
            }
            codec = c;
        }
        resolveTls(s);
        List<FilterBinding> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (FilterRef ref : s.filters()) {
            FilterBinding f = core.filter(ref.name());
            if (f != null) {
                present.add(f);
            } else if (ref.required()) {
                missing.add(ref.name());
            }
        }
        present.sort(FilterBinding.CHAIN_ORDER);
        chain = present.toArray(FilterBinding[]::new);
        if (!missing.equals(missingFilters)) {
            if (!missing.isEmpty()) {
                LOG.warn("Endpoint {}: required filter(s) {} missing; refusing new connections until they are installed", name, missing);
            } else {
                LOG.info("Endpoint {}: all required filters present; accepting connections", name);
            }
            missingFilters = List.copyOf(missing);
        }
        HandlerBinding h = core.handler(s.handler(), s.handlerVersion());
        HandlerBinding old = handler;
        if (!Objects.equals(h, old)) {
            handler = h;
            if (h == null) {
                LOG.warn("Endpoint {}: waiting for handler {}{}; the port stays bound and sessions are held for up to {} s (handler.wait.timeout)",
                        name, s.handler(), s.handlerVersion() == null ? "" : " " + s.handlerVersion(), s.handlerWaitTimeoutSeconds());
                core.post(Topics.SESSIONS_HELD, props(EventProperties.HANDLER, s.handler(), EventProperties.SESSIONS, sessions.size()));
            } else {
                LOG.info("Endpoint {}: handler {} serves new sessions{}; {} open session(s) follow swap.policy={}",
                        name, h, old == null ? "" : " (was " + old + ")", sessions.size(), s.swapPolicy());
                core.post(Topics.HANDLER_SWAPPED, props(EventProperties.HANDLER, h.name(),
                        EventProperties.FROM_VERSION, old == null ? "" : old.version().toString(),
                        EventProperties.TO_VERSION, h.version().toString(),
                        EventProperties.POLICY, s.swapPolicy().toString(), EventProperties.SESSIONS, sessions.size()));
            }
        }
        for (PatchbaySession session : sessions) {
            HandlerBinding current = session.binding();
            if (Objects.equals(current, h)) {
                continue;
            }
            boolean stillInstalled = current != null && core.isRegistered(current);
            if (s.swapPolicy() == EndpointSettings.SwapPolicy.DRAIN && stillInstalled) {
                session.drainWithin(s.drainTimeoutSeconds());
            } else {
                // Handover, or the old handler is gone: move on, or be held until one arrives.
                session.rebind(h);
            }
        }
        if (h != null && !held.isEmpty()) {
            core.scheduler().execute(this::releaseHeld);
        }
    }

    private void resolveTls(EndpointSettings s) {
        ProfileSslFilter current = tlsFilter;
        if (s.tls() == null) {
            tlsFilter = null;
            return;
        }
        TlsProfile p = core.tlsProfile(s.tls());
        if (current != null && current.profile() == p) {
            return;
        }
        if (p == null) {
            LOG.warn("Endpoint {}: TLS profile {} is not available (TLS bundle not running, or etc/dev.patchbay.tls-{}.cfg "
                    + "missing or its material refused); refusing new connections, never plaintext", name, s.tls(), s.tls());
            tlsFilter = null;
        } else {
            LOG.info("Endpoint {}: TLS profile {} available; handshakes use it", name, s.tls());
            tlsFilter = new ProfileSslFilter(p);
        }
    }

    // --- held sessions: no handler yet ---------------------------------------------------

    void hold(PatchbaySession s) {
        Object token = new Object();
        held.put(s, token);
        int timeout = settings.handlerWaitTimeoutSeconds();
        core.scheduler().schedule(() -> {
            if (held.remove(s, token)) {
                LOG.warn("Endpoint {}: closing session {} from {}: no handler {} arrived within handler.wait.timeout={} s",
                        name, s.id(), s.remoteAddress(), settings.handler(), timeout);
                s.close(CloseCause.HOLD_TIMEOUT, "no handler " + settings.handler() + " within handler.wait.timeout=" + timeout + " s");
            }
        }, timeout, TimeUnit.SECONDS);
        // The handler may have arrived between the session's check and its registration here.
        if (handler != null) {
            core.scheduler().execute(this::releaseHeld);
        }
    }

    private void releaseHeld() {
        HandlerBinding h = handler;
        if (h == null) {
            return;
        }
        int released = 0;
        for (Map.Entry<PatchbaySession, Object> e : held.entrySet()) {
            if (held.remove(e.getKey(), e.getValue())) {
                e.getKey().release(h);
                released++;
            }
        }
        if (released > 0) {
            LOG.info("Endpoint {}: {} held session(s) resumed on handler {}", name, released, h);
            core.post(Topics.SESSIONS_RESUMED, props(EventProperties.HANDLER, h.name(),
                    EventProperties.TO_VERSION, h.version().toString(), EventProperties.SESSIONS, released));
        }
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
     * passed are closed after their pending writes.
     */
    void drain(String reason) {
        EndpointSettings s;
        synchronized (this) {
            if (stopped || draining || settings == null) {
                return;
            }
            draining = true;
            s = settings;
            if (acceptor != null) {
                retire(acceptor);
                acceptor = null;
            }
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
        if (sessions.remove(s) && stopped) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Stops accepting, lets sessions flush their pending writes for up to the drain timeout,
     * then closes what is left.
     */
    void stop(String reason) {
        EndpointSettings s;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            s = settings;
            if (acceptor != null) {
                retire(acceptor);
                acceptor = null;
            }
        }
        int open = sessions.size();
        for (PatchbaySession session : sessions) {
            session.close(CloseCause.DRAINED, "endpoint stopped: " + reason);
        }
        long drainMillis = TimeUnit.SECONDS.toMillis(s == null ? 0 : s.drainTimeoutSeconds());
        long deadline = System.currentTimeMillis() + drainMillis;
        synchronized (this) {
            long left;
            while (!sessions.isEmpty() && (left = deadline - System.currentTimeMillis()) > 0) {
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        int forced = 0;
        for (PatchbaySession session : sessions) {
            session.closeNow(CloseCause.DRAINED, "endpoint stopped: drain timeout passed");
            forced++;
        }
        synchronized (this) {
            for (NioSocketAcceptor a : retired) {
                a.dispose(false);
            }
            retired.clear();
        }
        core.removeEndpoint(this);
        if (s != null) {
            LOG.info("Endpoint {} stopped ({}): {} session(s) closed, {} of them after the drain timeout",
                    name, reason, open, forced);
            core.post(Topics.ENDPOINT_STOPPED, props(EventProperties.LOCAL, s.address(), EventProperties.REASON, reason));
        }
    }

    synchronized EndpointInfo info() {
        EndpointSettings s = settings;
        HandlerBinding h = handler;
        List<String> active = new ArrayList<>();
        for (FilterBinding f : chain) {
            active.add(f.name());
        }
        EndpointState state;
        String detail = "";
        if (s == null) {
            state = EndpointState.REFUSED;
            detail = refusal == null ? "" : refusal;
        } else if (stopped) {
            state = EndpointState.STOPPED;
        } else if (draining) {
            state = EndpointState.DRAINING;
            detail = "not accepting; open sessions finish";
        } else if (acceptor == null) {
            state = EndpointState.BIND_FAILED;
            detail = bindFailure;
        } else if (s.tls() != null && tlsFilter == null) {
            state = EndpointState.WAITING_FOR_TLS;
            detail = "TLS profile " + s.tls() + " is not available; refusing new connections, never plaintext";
        } else if (codec == null) {
            state = EndpointState.WAITING_FOR_CODEC;
            detail = "codec " + s.codec() + " is not installed";
        } else if (!missingFilters.isEmpty()) {
            state = EndpointState.FAIL_CLOSED;
            detail = "required filter(s) missing: " + String.join(", ", missingFilters);
        } else if (h == null) {
            state = EndpointState.WAITING_FOR_HANDLER;
            detail = "handler " + s.handler() + " is not installed";
        } else {
            state = EndpointState.LISTENING;
        }
        Map<String, Integer> byVersion = new TreeMap<>();
        for (PatchbaySession session : sessions) {
            HandlerBinding b = session.binding();
            byVersion.merge(b == null ? "held" : b.version().toString(), 1, Integer::sum);
        }
        return new EndpointInfo(name,
                s == null ? "" : s.address(),
                s == null ? "" : s.codec(),
                s == null ? null : s.tls(),
                s == null ? "" : s.handler(),
                h == null ? null : h.version().toString(),
                s == null ? "" : s.swapPolicy().toString(),
                byVersion,
                s == null ? List.of() : s.filters().stream().map(FilterRef::toString).toList(),
                active, state, detail, sessions.size(),
                connectionsRefused.sum(), framesRejected.sum(), source, pid);
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
