package dev.patchbay.transport.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
import dev.patchbay.api.runtime.SessionInfo;

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
        return Optional.empty();
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
                if (batch.position() >= FLUSH_AT) {
                    flush();
                }
            } else {
                ByteBuffer out = ByteBuffer.allocate(need);
                codec.encode(frame, out);
                out.flip();
                io.write(IoBuffer.wrap(out));
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
        close("closed by handler");
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

    void opened() {
        endpoint.core().post(Topics.SESSION_OPENED, endpoint.props(EventProperties.SESSION, id,
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()), EventProperties.LOCAL, String.valueOf(io.getLocalAddress())));
        if (binding == null) {
            stash = ByteBuffer.allocate(0);
            suspend(HELD);
            endpoint.hold(this);
            return;
        }
        openOn(binding);
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
        startDelivery();
        try {
            decoder.decode(in, this);
        } catch (FrameException e) {
            frameRejected(e.getMessage());
        } catch (Exception e) {
            handlerFailed(readBinding, e);
        } finally {
            endDelivery();
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
        io.write(IoBuffer.wrap(b));
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
                close("drained: still open after drain.timeout=" + seconds + " s");
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
        close("frame rejected: " + reason);
    }

    private void handlerFailed(HandlerBinding b, Exception e) {
        LOG.warn("Endpoint {}: handler {} failed on session {} from {}; closing the session",
                endpoint.name(), b, id, io.getRemoteAddress(), e);
        close("handler failed: " + e);
    }

    /** Closes after pending writes are sent. */
    void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        closing = true;
        io.closeOnFlush();
    }

    void closeNow(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        closing = true;
        io.closeNow();
    }

    /** MINA closed the session. */
    void closed() {
        closing = true;
        endpoint.sessionGone(this);
        endpoint.core().unregister(this);
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
        endpoint.core().post(Topics.SESSION_CLOSED, endpoint.props(EventProperties.SESSION, id,
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()),
                EventProperties.LOCAL, String.valueOf(io.getLocalAddress()),
                EventProperties.REASON, reason,
                EventProperties.DURATION_MS, System.currentTimeMillis() - openedAt.toEpochMilli(),
                EventProperties.BYTES_IN, io.getReadBytes(), EventProperties.BYTES_OUT, io.getWrittenBytes(),
                EventProperties.MESSAGES_IN, messagesIn, EventProperties.MESSAGES_OUT, messagesOut));
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
                io.getReadBytes(), io.getWrittenBytes(), messagesIn, messagesOut, null);
    }
}
