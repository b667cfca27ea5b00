package dev.patchbay.transport.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import javax.net.ssl.SSLSession;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameException;
import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.observe.SessionSummary;
import dev.patchbay.api.runtime.SessionInfo;
import dev.patchbay.api.tls.TlsConstants;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: the session view handed to handlers, and its lifecycle from admission to
 * close. The message path is {@link SessionDelivery}; where handler code runs is the
 * {@link SessionLane}; what it holds counts against the transport's {@link MemoryBudget}.
 *
 * <p>Every call into a plug-in is guarded against any {@code Throwable}: a failure closes this
 * session only, and the thread that made the call carries on serving others.
 */
final class PatchbaySession implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(PatchbaySession.class);

    private static final AtomicLongFieldUpdater<PatchbaySession> MESSAGES_OUT =
            AtomicLongFieldUpdater.newUpdater(PatchbaySession.class, "messagesOut");

    private final IoSession io;
    private final Endpoint endpoint;
    private final long id;
    private final Instant openedAt = Instant.now();
    private final SessionLane lane;
    private final ReadGate gate;
    private final SessionProbes probes;
    private final SessionDelivery delivery;
    private final MemoryShare memory;
    private final GracefulClose graceful;
    private final SessionPressure pressure;
    private final SlowReaderWatch slowReader = new SlowReaderWatch();
    private final SessionFailures failures = new SessionFailures(this);

    private volatile HandlerBinding binding;
    /** The binding whose {@code opened} has been called; touched on the lane only. */
    private HandlerBinding openedBinding;
    private volatile boolean draining;
    private volatile boolean admitted;
    private volatile boolean closing;
    private volatile String closeReason;
    private volatile CloseCause closeCause;

    private volatile TlsHandshake handshake;
    private volatile TlsDetails tls;
    /** Whether the handler and observers were told of the open, so they hear of the close. */
    private volatile boolean announced;
    private FilterBinding[] admittedBy = new FilterBinding[0];

    private volatile long messagesOut;
    private Map<String, Object> attributes;

    PatchbaySession(IoSession io, Endpoint endpoint, boolean onWorker, boolean tlsEndpoint) {
        this.io = io;
        this.endpoint = endpoint;
        this.id = endpoint.core().nextSessionId();
        this.gate = new ReadGate(io);
        this.lane = onWorker ? new WorkerLane(endpoint.core().workers(), this::runGuarded) : new IoLane(io, this::runGuarded);
        this.probes = new SessionProbes(endpoint.core(), this);
        this.delivery = new SessionDelivery(this, io, lane, gate, probes);
        this.memory = new MemoryShare(endpoint.core().memory(), tlsEndpoint ? MemoryBudget.TLS_SESSION_BASE : MemoryBudget.SESSION_BASE);
        this.graceful = new GracefulClose(this, io, gate);
        this.pressure = new SessionPressure(this, io, gate, memory);
        if (lane instanceof IoLane l) {
            l.bindToCurrentThread();
        }
    }

    // --- Session, as handlers see it ------------------------------------------------------

    @Override
    public long id() {
        return id;
    }

    @Override
    public String endpoint() {
        return endpoint.name();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) io.getRemoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) io.getLocalAddress();
    }

    @Override
    public Instant openedAt() {
        return openedAt;
    }

    @Override
    public Optional<TlsDetails> tls() {
        return Optional.ofNullable(tls);
    }

    @Override
    public void write(ByteBuffer frame) {
        if (closing || graceful.outputShut()) {
            // Closing: nothing more goes out, and a handler writing in a loop cannot grow the queue.
            return;
        }
        int position = frame.position();
        try {
            if (delivery.write(frame)) {
                // Counted with its batch: no atomic increment per reply on the delivering thread.
                return;
            }
        } catch (FrameException e) {
            throw new IllegalArgumentException("Endpoint " + endpoint.name() + ", session " + id
                    + ": reply cannot be framed by codec " + endpoint.wiring().settings().codec() + ": " + e.getMessage(), e);
        } finally {
            frame.position(position);
        }
        MESSAGES_OUT.incrementAndGet(this);
    }

    /** Replies sent: batched by the delivering thread, and written one by one by other threads. */
    long messagesOut() {
        return messagesOut + delivery.batchedReplies();
    }

    @Override
    public void close() {
        // Replies written during this delivery are still in its batch: queue them before the close.
        delivery.flushBeforeClose();
        close(CloseCause.HANDLER, "closed by handler");
    }

    @Override
    public void flush() {
        // Sends the batch of this delivery when called on the delivering thread; a no-op elsewhere.
        delivery.flushBeforeClose();
    }

    @Override
    public boolean isOpen() {
        return !closing && io.isConnected();
    }

    @Override
    public Optional<String> endpointSetting(String key) {
        return endpoint.properties().get(key);
    }

    @Override
    public Object attribute(String key) {
        Map<String, Object> a = attributes;
        return a == null ? null : a.get(key);
    }

    @Override
    public synchronized void attribute(String key, Object value) {
        if (attributes == null) {
            if (value == null) {
                return;
            }
            attributes = new ConcurrentHashMap<>();
        }
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    // --- parts, for the dispatcher and the endpoint ----------------------------------------

    /** The endpoint, for the session's parts ({@link #endpoint()} is its name, for handlers). */
    Endpoint owner() {
        return endpoint;
    }

    IoSession io() {
        return io;
    }

    SessionLane lane() {
        return lane;
    }

    ReadGate gate() {
        return gate;
    }

    SessionDelivery delivery() {
        return delivery;
    }

    MemoryShare memory() {
        return memory;
    }

    GracefulClose graceful() {
        return graceful;
    }

    SlowReaderWatch slowReader() {
        return slowReader;
    }

    boolean isClosing() {
        return closing;
    }

    boolean isAdmitted() {
        return admitted;
    }

    // --- admission and open ---------------------------------------------------------------

    /** Admitted through {@code filters}, with the endpoint's codec: from now on it counts. */
    void admitted(FilterBinding[] filters, HandlerBinding handler, Codec codec, FrameDecoder decoder) {
        admittedBy = filters;
        binding = handler;
        delivery.codec(codec, decoder);
        admitted = true;
        endpoint.sessions().add(this);
        endpoint.core().register(this);
    }

    /** The session speaks TLS: nothing reaches the handler until the handshake is done. */
    void handshakeStarted(String profile) {
        handshake = new TlsHandshake(this, profile);
    }

    boolean isHandshaking() {
        TlsHandshake h = handshake;
        return h != null && h.isPending();
    }

    /** Closes the session if its handshake has not completed within {@code timeout}. */
    void armHandshakeTimer(Duration timeout) {
        handshake.arm(timeout);
    }

    /** The handshake completed: the session is open for its handler from now on. */
    void secured(SSLSession ssl) {
        TlsHandshake h = handshake;
        if (h != null && h.end()) {
            tls = h.details(ssl);
            opened();
        }
    }

    /** The handshake failed or timed out: the session closes without its handler hearing of it. */
    void handshakeFailed(String reasonClass, String reason) {
        TlsHandshake h = handshake;
        if (h != null) {
            h.failed(reasonClass, reason);
        }
    }

    /** Observers hear of the open on the I/O thread; the handler on the lane. */
    void opened() {
        announced = true;
        probes.opened(this);
        TlsDetails t = tls;
        Map<String, Object> props = endpoint.props(EventProperties.SESSION, id,
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()), EventProperties.LOCAL, String.valueOf(io.getLocalAddress()));
        if (t != null) {
            props.put(EventProperties.PROFILE, t.profile());
            props.put(EventProperties.TLS_PROTOCOL, t.protocol());
            props.put(EventProperties.TLS_CIPHER, t.cipherSuite());
            if (t.peerSubject() != null) {
                props.put(EventProperties.TLS_PEER, t.peerSubject());
            }
        }
        endpoint.core().post(Topics.SESSION_OPENED, props);
        lane.execute(() -> {
            HandlerBinding b = binding;
            if (b == null) {
                delivery.hold();
            } else {
                delivery.openOn(b);
            }
        });
    }

    void ensureOpened(HandlerBinding b) throws Exception {
        if (b != openedBinding) {
            HandlerBinding previous = openedBinding;
            openedBinding = b;
            if (previous == null) {
                b.handler().opened(this);
            } else {
                b.handler().handedOver(this, previous.version().toString());
            }
        }
    }

    // --- traffic, from the dispatcher -------------------------------------------------------

    void received(ByteBuffer in) {
        if (closing) {
            return;
        }
        if (graceful.isDiscarding()) {
            // The reply stream is finished; what the client still sends is read only to see its end.
            return;
        }
        delivery.received(in);
    }

    /** MINA finished a write, on the I/O thread. */
    void sent(Object message) {
        if (message == WakeRequest.MARKER) {
            if (lane instanceof IoLane l) {
                l.runWaiting();
            }
            return;
        }
        if (message instanceof IoBuffer written) {
            delivery.sent(written);
        }
        pressure.afterOutput();
        graceful.progress();
    }

    SessionPressure pressure() {
        return pressure;
    }

    // --- handler binding ------------------------------------------------------------------

    HandlerBinding binding() {
        return binding;
    }

    /** A new handler serves the endpoint: this session moves to it from its next frame. */
    void rebind(HandlerBinding h) {
        binding = h;
    }

    /** A handler arrived for a held session: deliver what was kept on the lane, then read again. */
    void release(HandlerBinding h) {
        binding = h;
        lane.execute(() -> {
            if (openedBinding == null && !closing) {
                delivery.openOn(h);
            }
            delivery.release();
        });
    }

    /** Leaves the session on its handler, finishing it gracefully if still open after {@code seconds}. */
    void drainWithin(int seconds) {
        if (draining) {
            return;
        }
        draining = true;
        endpoint.core().scheduler().schedule(() -> {
            if (isOpen()) {
                graceful.finish(CloseCause.DRAINED, "drained: still open after drain.timeout=" + seconds + " s");
            }
        }, seconds, TimeUnit.SECONDS);
    }

    void settingsChanged(EndpointSettings s) {
        io.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, s.idleTimeoutSeconds());
        io.getConfig().setWriteTimeout(s.writeTimeoutSeconds());
    }

    // --- failures -------------------------------------------------------------------------

    SessionFailures failures() {
        return failures;
    }

    /** Runs a lane task; anything that escapes the guards inside is a transport bug, and closes only this session. */
    private void runGuarded(Runnable task) {
        boolean marked = IoThreads.busy();
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("Endpoint {}: session {} failed in the transport; closing it", endpoint.name(), id, t);
            closeNow(CloseCause.OTHER, "transport error: " + t);
        } finally {
            IoThreads.idle(marked);
        }
    }

    // --- close ----------------------------------------------------------------------------

    /** Closes after pending writes are sent. */
    void close(CloseCause cause, String reason) {
        closingBecause(cause, reason);
        closing = true;
        io.closeOnFlush();
    }

    void closeNow(CloseCause cause, String reason) {
        closingBecause(cause, reason);
        closing = true;
        io.closeNow();
    }

    /** Records why the session ends (the first reason given wins), for when MINA reports the close. */
    void closingBecause(CloseCause cause, String reason) {
        if (closeReason == null) {
            closeReason = reason;
            closeCause = cause;
        }
    }

    /** MINA closed the session, on the I/O thread. */
    void closed() {
        closing = true;
        endpoint.sessionGone(this);
        endpoint.core().unregister(this);
        pressure.release();
        if (isHandshaking()) {
            handshakeFailed(TlsConstants.REASON_OTHER, "client closed the connection during the handshake");
        }
        if (lane instanceof IoLane l) {
            // Wake requests queued behind the close will never arrive.
            l.runWaiting();
        }
        lane.execute(this::closedOnLane);
        tellFiltersClosed();
        String reason = closeReason == null ? "client closed the connection" : closeReason;
        LOG.debug("Endpoint {}: session {} from {} closed: {}", endpoint.name(), id, io.getRemoteAddress(), reason);
        if (!announced) {
            // Refused, or failed its TLS handshake: nobody was told it opened.
            return;
        }
        long durationMs = System.currentTimeMillis() - openedAt.toEpochMilli();
        probes.closed(this, new SessionSummary(closeCause == null ? CloseCause.CLIENT : closeCause, reason,
                Duration.ofMillis(durationMs), io.getReadBytes(), delivery.writtenBytes(), delivery.messagesIn(), messagesOut()));
        endpoint.core().post(Topics.SESSION_CLOSED, endpoint.props(EventProperties.SESSION, id,
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()),
                EventProperties.LOCAL, String.valueOf(io.getLocalAddress()),
                EventProperties.REASON, reason,
                EventProperties.DURATION_MS, durationMs,
                EventProperties.BYTES_IN, io.getReadBytes(), EventProperties.BYTES_OUT, delivery.writtenBytes(),
                EventProperties.MESSAGES_IN, delivery.messagesIn(), EventProperties.MESSAGES_OUT, messagesOut()));
    }

    /** The handler hears of the close after every message it was given. */
    private void closedOnLane() {
        delivery.discard();
        HandlerBinding b = openedBinding;
        if (b != null) {
            try {
                b.handler().closed(this);
            } catch (Throwable t) {
                failures.whileClosing("handler " + b, t);
            }
        }
    }

    /** Tells the filters that admitted the session that it is gone. */
    void tellFiltersClosed() {
        for (FilterBinding f : admittedBy) {
            try {
                f.filter().closed(this);
            } catch (Throwable t) {
                failures.whileClosing("filter " + f.name(), t);
            }
        }
    }

    /** Filters that admitted a session later refused by another hear that it is gone. */
    void admittedBy(FilterBinding[] filters) {
        admittedBy = filters;
    }

    SessionInfo info() {
        HandlerBinding b = binding;
        EndpointSettings s = endpoint.wiring().settings();
        return SessionInfo.builder(id).endpoint(endpoint.name())
                .remote(String.valueOf(io.getRemoteAddress())).local(String.valueOf(io.getLocalAddress()))
                .handler(s == null ? "" : s.handler()).handlerVersion(b == null ? null : b.version().toString())
                .openedAt(openedAt).bytes(io.getReadBytes(), delivery.writtenBytes())
                .messages(delivery.messagesIn(), messagesOut()).tls(tls).build();
    }
}
