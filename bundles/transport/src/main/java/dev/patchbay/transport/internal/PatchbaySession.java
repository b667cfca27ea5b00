package dev.patchbay.transport.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameException;
import dev.patchbay.api.codec.FrameSink;
import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.observe.SessionObserver;
import dev.patchbay.api.observe.SessionSummary;
import dev.patchbay.api.observe.TrafficProbe;
import dev.patchbay.api.runtime.SessionInfo;
import dev.patchbay.api.tls.TlsConstants;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: the session view handed to handlers, the codec state, and the binding to
 * the handler that serves it.
 *
 * <p>Reads are delivered on the session's I/O thread. Replies written while a read is being
 * delivered are encoded into one buffer and written once the read is done, so pipelined
 * requests cost one write, not one per reply. The binding to the handler is read once per
 * frame, so a new handler takes over between two messages.
 */
final class PatchbaySession implements Session, FrameSink {

    private static final Logger LOG = LoggerFactory.getLogger(PatchbaySession.class);

    private static final int MIN_BATCH = 2048;
    /** A batch this large is written out before the read is done, to bound memory. */
    private static final int FLUSH_AT = 64 * 1024;

    private static final int HELD = 1;
    private static final int WRITE_BACKLOG = 2;
    private static final int FILTER_PAUSE = 4;

    private static final SessionObserver[] NO_OBSERVERS = new SessionObserver[0];
    private static final TrafficProbe[] NO_PROBES = new TrafficProbe[0];

    private static final AtomicLongFieldUpdater<PatchbaySession> MESSAGES_OUT =
            AtomicLongFieldUpdater.newUpdater(PatchbaySession.class, "messagesOut");

    private final IoSession io;
    private final Endpoint endpoint;
    private final long id;
    private final Instant openedAt = Instant.now();
    private final Codec codec;
    private final FrameDecoder decoder;
    private volatile int maxPendingWriteBytes;

    private volatile HandlerBinding binding;
    /** The binding whose {@code opened} has been called; touched by the delivering thread only. */
    private HandlerBinding openedBinding;
    private volatile boolean draining;

    /** The thread delivering a read right now; writes from it are batched. */
    private Thread deliveringThread;
    private ByteBuffer batch;
    /**
     * A written batch buffer kept for the next batch, so that a busy session does not allocate
     * one per read. Set on the I/O thread when MINA is done with the buffer; taken by the
     * delivering thread, one at a time per session.
     */
    private volatile ByteBuffer spare;

    /** Input kept while no handler is present; non-null only while the session is held. */
    private volatile ByteBuffer stash;
    private volatile int suspendedFor;
    private volatile boolean closing;
    private volatile String closeReason;
    private volatile CloseCause closeCause;

    /** TLS: the profile of the handshake under way or done; {@code null} on plaintext endpoints. */
    private volatile String tlsProfile;
    private volatile TlsDetails tls;
    private volatile boolean handshaking;
    private ScheduledFuture<?> handshakeTimer;
    /** Whether the handler and observers were told of the open, so they hear of the close. */
    private volatile boolean announced;

    /** Observers told of the open, and the traffic probes some of them returned. */
    private SessionObserver[] observedBy = NO_OBSERVERS;
    private SessionObserver[] probeOwners = NO_OBSERVERS;
    private volatile TrafficProbe[] probes = NO_PROBES;
    /** The transport's observer array when the probes were last checked against it. */
    private SessionObserver[] observersSeen;
    /** When the frames of the current read began to be decoded, if any probe wants latency. */
    private long deliveryStart;
    private int batchReplies;

    /** The filters that admitted this session: they, and only they, hear of its close. */
    private FilterBinding[] admittedBy = new FilterBinding[0];
    /** The handler serving when the current read began. */
    private HandlerBinding readBinding;
    /** The endpoint's filter chain as it was when the current read began. */
    private FilterBinding[] chain = new FilterBinding[0];
    /** Pause a filter asked for after the last frame; read by the delivering thread. */
    private long framePause;
    /** Counts pauses, so that only the latest one's end resumes reading. */
    private volatile long pauses;
    /** Counts holds, so that a release that ended in a new hold does not resume reading. */
    private volatile long holds;

    private long messagesIn;
    private volatile long messagesOut;
    private Map<String, Object> attributes;

    PatchbaySession(IoSession io, Endpoint endpoint) {
        this.io = io;
        this.endpoint = endpoint;
        this.id = endpoint.core().nextSessionId();
        this.codec = endpoint.codec();
        EndpointSettings s = endpoint.settings();
        this.decoder = codec.newDecoder(s.maxFrameSize());
        this.maxPendingWriteBytes = s.maxPendingWriteBytes();
        this.binding = endpoint.handler();
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
        if (closing && !io.isConnected()) {
            return;
        }
        int need = codec.maxEncodedLength(frame.remaining());
        int position = frame.position();
        try {
            if (Thread.currentThread() == deliveringThread) {
                ensureBatchRoom(need);
                codec.encode(frame, batch);
                batchReplies++;
                if (batch.position() >= FLUSH_AT) {
                    flush();
                }
            } else {
                ByteBuffer out = ByteBuffer.allocate(need);
                codec.encode(frame, out);
                out.flip();
                int bytes = out.remaining();
                io.write(IoBuffer.wrap(out));
                for (TrafficProbe p : probes) {
                    p.sent(1, bytes);
                }
            }
        } catch (FrameException e) {
            throw new IllegalArgumentException("Endpoint " + endpoint.name() + ", session " + id
                    + ": reply cannot be framed by codec " + endpoint.settings().codec() + ": " + e.getMessage(), e);
        } finally {
            frame.position(position);
        }
        MESSAGES_OUT.incrementAndGet(this);
    }

    @Override
    public void close() {
        close(CloseCause.HANDLER, "closed by handler");
    }

    @Override
    public boolean isOpen() {
        return !closing && io.isConnected();
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

    // --- lifecycle, called by the dispatcher and the endpoint -------------------------------

    void admittedBy(FilterBinding[] filters) {
        admittedBy = filters;
    }

    void registered() {
        endpoint.sessions().add(this);
        endpoint.core().register(this);
    }

    // --- TLS -----------------------------------------------------------------------------

    /** The session speaks TLS: nothing reaches the handler until the handshake is done. */
    void handshakeStarted(String profile) {
        tlsProfile = profile;
        handshaking = true;
    }

    boolean isHandshaking() {
        return handshaking;
    }

    /** Closes the session if its handshake has not completed within {@code timeout}. */
    void armHandshakeTimer(Duration timeout) {
        handshakeTimer = endpoint.core().scheduler().schedule(() -> {
            if (handshaking && !closing) {
                handshakeFailed(TlsConstants.REASON_TIMEOUT, "no complete handshake within " + timeout.toMillis() + " ms (handshake.timeout)");
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the handshake once: it either completes or fails, whichever MINA reports first. */
    private synchronized boolean endHandshake() {
        if (!handshaking) {
            return false;
        }
        handshaking = false;
        return true;
    }

    /** The handshake completed: the session is open for its handler from now on. */
    void secured(SSLSession ssl) {
        if (!endHandshake()) {
            return;
        }
        ScheduledFuture<?> timer = handshakeTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        String peer = null;
        try {
            if (ssl.getPeerCertificates()[0] instanceof X509Certificate c) {
                peer = c.getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate: client.auth is none, or want and the client sent none.
        }
        tls = new TlsDetails(ssl.getProtocol(), ssl.getCipherSuite(), peer, tlsProfile);
        opened();
    }

    /** The handshake failed or timed out: the session closes without its handler hearing of it. */
    void handshakeFailed(String reasonClass, String reason) {
        if (!endHandshake()) {
            return;
        }
        endpoint.handshakeFailed(io.getRemoteAddress(), tlsProfile, reasonClass, reason);
        endpoint.core().post(Topics.TLS_HANDSHAKE_FAILED, endpoint.props(
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()),
                EventProperties.LOCAL, String.valueOf(io.getLocalAddress()),
                EventProperties.PROFILE, tlsProfile,
                EventProperties.REASON_CLASS, reasonClass, EventProperties.REASON, reason));
        closeNow(CloseCause.OTHER, "TLS handshake failed (" + reasonClass + "): " + reason);
    }

    // --- open ------------------------------------------------------------------------------

    void opened() {
        announced = true;
        observe();
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
        if (binding == null) {
            stash = ByteBuffer.allocate(0);
            suspend(HELD);
            endpoint.hold(this);
            return;
        }
        openOn(binding);
    }

    /** Tells the observers of the open, and keeps the probes they return. */
    private void observe() {
        SessionObserver[] all = endpoint.core().observers();
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
                TrafficProbe p = o.opened(this);
                if (p != null) {
                    owners[n] = o;
                    found[n++] = p;
                }
            } catch (RuntimeException e) {
                LOG.warn("Endpoint {}: session observer {} failed on the open of session {}", endpoint.name(), o, id, e);
            }
        }
        probeOwners = Arrays.copyOf(owners, n);
        probes = Arrays.copyOf(found, n);
    }

    /** The probes of observers still registered: one that left stops being called. */
    private TrafficProbe[] currentProbes() {
        SessionObserver[] all = endpoint.core().observers();
        if (all != observersSeen) {
            observersSeen = all;
            List<SessionObserver> present = Arrays.asList(all);
            List<SessionObserver> owners = new ArrayList<>();
            List<TrafficProbe> kept = new ArrayList<>();
            for (int i = 0; i < probes.length; i++) {
                if (present.contains(probeOwners[i])) {
                    owners.add(probeOwners[i]);
                    kept.add(probes[i]);
                }
            }
            probeOwners = owners.toArray(SessionObserver[]::new);
            probes = kept.toArray(TrafficProbe[]::new);
        }
        return probes;
    }

    /** Tells the handler about the session, with any reply it writes sent at once. */
    private void openOn(HandlerBinding b) {
        startDelivery();
        try {
            ensureOpened(b);
        } catch (Exception e) {
            handlerFailed(b, e);
        } finally {
            endDelivery();
        }
    }

    /** One read from the socket. */
    void received(ByteBuffer in) {
        if (closing) {
            return;
        }
        if (stash != null) {
            keep(in);
            return;
        }
        deliver(in);
    }

    private void deliver(ByteBuffer in) {
        HandlerBinding b = binding;
        if (b == null) {
            // No handler: keep the bytes undecoded until one arrives.
            keep(in);
            holds++;
            suspend(HELD);
            endpoint.hold(this);
            return;
        }
        readBinding = b;
        int bytes = in.remaining();
        long before = messagesIn;
        chain = endpoint.chain();
        TrafficProbe[] observing = currentProbes();
        deliveryStart = observing.length == 0 ? 0 : System.nanoTime();
        startDelivery();
        try {
            decoder.decode(in, this);
        } catch (FrameException e) {
            frameRejected(e.getMessage());
        } catch (Exception e) {
            handlerFailed(readBinding, e);
        } finally {
            endDelivery();
            deliveryStart = 0;
        }
        if (observing.length > 0) {
            int frames = (int) (messagesIn - before);
            int delivered = bytes - in.remaining();
            for (TrafficProbe p : observing) {
                p.received(frames, delivered);
            }
        }
        if (closing) {
            return;
        }
        long pause = framePause;
        framePause = 0;
        if (in.hasRemaining()) {
            // A filter paused the session: the rest waits for the pause to end, and is
            // counted when it is delivered.
            bytes -= in.remaining();
            keep(in);
        }
        pause = Math.max(pause, afterRead(bytes, (int) (messagesIn - before)));
        if (pause > 0) {
            pauseFor(pause);
        }
    }

    @Override
    public boolean frame(ByteBuffer frame) throws Exception {
        if (closing) {
            return false;
        }
        HandlerBinding b = binding;
        if (b == null) {
            // The handler went away during this read: its old object finishes the read.
            b = readBinding;
        }
        ensureOpened(b);
        messagesIn++;
        int length = frame.remaining();
        b.handler().received(this, frame);
        FilterBinding[] filters = chain;
        if (filters.length == 0) {
            return true;
        }
        long pause = 0;
        for (FilterBinding f : filters) {
            try {
                pause = Math.max(pause, f.filter().afterFrame(this, length));
            } catch (RuntimeException e) {
                LOG.warn("Endpoint {}: filter {} failed after a frame of session {}", endpoint.name(), f.name(), id, e);
            }
        }
        framePause = pause;
        return pause == 0;
    }

    private void ensureOpened(HandlerBinding b) throws Exception {
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

    private void startDelivery() {
        deliveringThread = Thread.currentThread();
    }

    private void endDelivery() {
        deliveringThread = null;
        flush();
    }

    private void ensureBatchRoom(int need) {
        if (batch == null) {
            ByteBuffer reuse = spare;
            if (reuse != null && reuse.capacity() >= need) {
                spare = null;
                reuse.clear();
                batch = reuse;
            } else {
                batch = ByteBuffer.allocate(Math.max(need, MIN_BATCH));
            }
        } else if (batch.remaining() < need) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(batch.capacity() * 2, batch.position() + need));
            batch.flip();
            larger.put(batch);
            batch = larger;
        }
    }

    private void flush() {
        ByteBuffer b = batch;
        if (b == null || b.position() == 0) {
            return;
        }
        batch = null;
        b.flip();
        int bytes = b.remaining();
        int replies = batchReplies;
        batchReplies = 0;
        io.write(IoBuffer.wrap(b));
        TrafficProbe[] observing = probes;
        if (observing.length > 0) {
            long start = deliveryStart;
            long latency = start == 0 ? 0 : System.nanoTime() - start;
            for (TrafficProbe p : observing) {
                p.sent(replies, bytes);
                if (start != 0) {
                    p.replied(replies, latency);
                }
            }
        }
        if (io.getScheduledWriteBytes() > maxPendingWriteBytes) {
            suspend(WRITE_BACKLOG);
        }
    }

    /** MINA finished writing a buffer: a batch buffer of ours can carry the next replies. */
    void sent(Object message) {
        if (message instanceof IoBuffer written) {
            ByteBuffer b = written.buf();
            if (b.hasArray() && b.capacity() <= FLUSH_AT * 2) {
                spare = b;
            }
        }
        if ((suspendedFor & WRITE_BACKLOG) != 0 && io.getScheduledWriteBytes() <= maxPendingWriteBytes / 2) {
            resume(WRITE_BACKLOG);
        }
    }

    private long afterRead(int bytes, int frames) {
        long pause = 0;
        for (FilterBinding f : chain) {
            try {
                pause = Math.max(pause, f.filter().afterRead(this, bytes, frames));
            } catch (RuntimeException e) {
                LOG.warn("Endpoint {}: filter {} failed after a read of session {}", endpoint.name(), f.name(), id, e);
            }
        }
        return pause;
    }

    /**
     * Stops reading for {@code nanos}; then delivers what was kept and reads again, unless
     * that delivery asked for another pause.
     */
    private void pauseFor(long nanos) {
        long generation = ++pauses;
        suspend(FILTER_PAUSE);
        endpoint.core().scheduler().schedule(() -> endPause(generation), nanos, TimeUnit.NANOSECONDS);
    }

    private void endPause(long generation) {
        if (closing || generation != pauses) {
            return;
        }
        ByteBuffer kept = takeKept();
        if (kept != null && kept.hasRemaining()) {
            deliver(kept);
        }
        if (generation == pauses && stash == null) {
            resume(FILTER_PAUSE);
        }
    }

    private synchronized ByteBuffer takeKept() {
        ByteBuffer kept = stash;
        stash = null;
        return kept;
    }

    private void keep(ByteBuffer in) {
        synchronized (this) {
            ByteBuffer s = stash == null ? ByteBuffer.allocate(0) : stash;
            ByteBuffer grown = ByteBuffer.allocate(s.remaining() + in.remaining());
            grown.put(s).put(in).flip();
            stash = grown;
        }
    }

    private synchronized void suspend(int reason) {
        if (suspendedFor == 0) {
            io.suspendRead();
        }
        suspendedFor |= reason;
    }

    private synchronized void resume(int reason) {
        if ((suspendedFor & reason) == 0) {
            return;
        }
        suspendedFor &= ~reason;
        if (suspendedFor == 0 && io.isConnected()) {
            io.resumeRead();
            // resumeRead only changes the selection key's interest set; an I/O thread blocked
            // in select() would see it only at MINA's 1 s select timeout. A flush request
            // wakes the selector at once (with nothing queued it writes nothing).
            if (io instanceof AbstractIoSession s) {
                s.getProcessor().flush(io);
            }
        }
    }

    HandlerBinding binding() {
        return binding;
    }

    /** A new handler serves the endpoint: this session moves to it from its next frame. */
    void rebind(HandlerBinding h) {
        binding = h;
    }

    /** Leaves the session on its handler, closing it gracefully if still open after {@code seconds}. */
    void drainWithin(int seconds) {
        if (draining) {
            return;
        }
        draining = true;
        endpoint.core().scheduler().schedule(() -> {
            if (isOpen()) {
                close(CloseCause.DRAINED, "drained: still open after drain.timeout=" + seconds + " s");
            }
        }, seconds, TimeUnit.SECONDS);
    }

    /** A handler arrived for a held session: deliver what was kept, then read again. */
    void release(HandlerBinding h) {
        binding = h;
        if (closing) {
            return;
        }
        long holdsBefore = holds;
        ByteBuffer kept = takeKept();
        if (kept == null) {
            resume(HELD);
            return;
        }
        if (openedBinding == null) {
            openOn(h);
        }
        if (kept.hasRemaining()) {
            deliver(kept);
        }
        if (holds == holdsBefore) {
            resume(HELD);
        }
    }

    void settingsChanged(EndpointSettings s) {
        maxPendingWriteBytes = s.maxPendingWriteBytes();
        io.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, s.idleTimeoutSeconds());
        io.getConfig().setWriteTimeout(s.writeTimeoutSeconds());
    }

    private void frameRejected(String reason) {
        LOG.warn("Endpoint {}: closing session {} from {}: {} (codec {})",
                endpoint.name(), id, io.getRemoteAddress(), reason, endpoint.settings().codec());
        endpoint.frameRejected();
        endpoint.core().post(Topics.FRAME_REJECTED, endpoint.props(EventProperties.SESSION, id,
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()),
                EventProperties.CODEC, endpoint.settings().codec(), EventProperties.REASON, reason));
        close(CloseCause.FRAME_REJECTED, "frame rejected: " + reason);
    }

    private void handlerFailed(HandlerBinding b, Exception e) {
        LOG.warn("Endpoint {}: handler {} failed on session {} from {}; closing the session",
                endpoint.name(), b, id, io.getRemoteAddress(), e);
        close(CloseCause.HANDLER_ERROR, "handler failed: " + e);
    }

    /** Closes after pending writes are sent. */
    void close(CloseCause cause, String reason) {
        if (closeReason == null) {
            closeReason = reason;
            closeCause = cause;
        }
        closing = true;
        io.closeOnFlush();
    }

    void closeNow(CloseCause cause, String reason) {
        if (closeReason == null) {
            closeReason = reason;
            closeCause = cause;
        }
        closing = true;
        io.closeNow();
    }

    /** MINA closed the session. */
    void closed() {
        closing = true;
        endpoint.sessionGone(this);
        endpoint.core().unregister(this);
        if (handshaking) {
            handshakeFailed(TlsConstants.REASON_OTHER, "client closed the connection during the handshake");
        }
        ScheduledFuture<?> timer = handshakeTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        HandlerBinding b = openedBinding;
        if (b != null) {
            try {
                b.handler().closed(this);
            } catch (RuntimeException e) {
                LOG.warn("Endpoint {}: handler {} failed closing session {}", endpoint.name(), b, id, e);
            }
        }
        tellFiltersClosed();
        String reason = closeReason == null ? "client closed the connection" : closeReason;
        LOG.debug("Endpoint {}: session {} from {} closed: {}", endpoint.name(), id, io.getRemoteAddress(), reason);
        if (!announced) {
            // Refused, or failed its TLS handshake: nobody was told it opened.
            return;
        }
        long durationMs = System.currentTimeMillis() - openedAt.toEpochMilli();
        tellObserversClosed(new SessionSummary(closeCause == null ? CloseCause.CLIENT : closeCause, reason,
                Duration.ofMillis(durationMs), io.getReadBytes(), io.getWrittenBytes(), messagesIn, messagesOut));
        endpoint.core().post(Topics.SESSION_CLOSED, endpoint.props(EventProperties.SESSION, id,
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()),
                EventProperties.LOCAL, String.valueOf(io.getLocalAddress()),
                EventProperties.REASON, reason,
                EventProperties.DURATION_MS, durationMs,
                EventProperties.BYTES_IN, io.getReadBytes(), EventProperties.BYTES_OUT, io.getWrittenBytes(),
                EventProperties.MESSAGES_IN, messagesIn, EventProperties.MESSAGES_OUT, messagesOut));
    }

    private void tellObserversClosed(SessionSummary summary) {
        if (observedBy.length == 0) {
            return;
        }
        List<SessionObserver> present = Arrays.asList(endpoint.core().observers());
        for (SessionObserver o : observedBy) {
            if (!present.contains(o)) {
                continue;
            }
            try {
                o.closed(this, summary);
            } catch (RuntimeException e) {
                LOG.warn("Endpoint {}: session observer {} failed on the close of session {}", endpoint.name(), o, id, e);
            }
        }
    }

    /** Tells the filters that admitted the session that it is gone. */
    void tellFiltersClosed() {
        for (FilterBinding f : admittedBy) {
            try {
                f.filter().closed(this);
            } catch (RuntimeException e) {
                LOG.warn("Endpoint {}: filter {} failed closing session {}", endpoint.name(), f.name(), id, e);
            }
        }
    }

    SessionInfo info() {
        HandlerBinding b = binding;
        return new SessionInfo(id, endpoint.name(), String.valueOf(io.getRemoteAddress()), String.valueOf(io.getLocalAddress()),
                endpoint.settings() == null ? "" : endpoint.settings().handler(),
                b == null ? null : b.version().toString(), openedAt,
                io.getReadBytes(), io.getWrittenBytes(), messagesIn, messagesOut, tls);
    }
}
