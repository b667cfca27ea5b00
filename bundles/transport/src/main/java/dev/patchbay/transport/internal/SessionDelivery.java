package dev.patchbay.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameException;
import dev.patchbay.api.codec.FrameSink;
import dev.patchbay.api.observe.TrafficProbe;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * A session's message path: input to the codec, frames to the handler and through the filters,
 * replies batched back out. Runs on the session's lane (its I/O thread, or its worker), one
 * call at a time; input that cannot be delivered yet (no handler, a filter's pause) is kept
 * and delivered from the lane when it can.
 */
final class SessionDelivery implements FrameSink {

    private final PatchbaySession session;
    private final IoSession io;
    private final SessionLane lane;
    private final ReadGate gate;
    private final KeptInput kept = new KeptInput();
    private final ReplyBatch replies = new ReplyBatch();
    private final SessionProbes probes;
    /** Input handed to the worker and not yet delivered; always 0 on the I/O lane. */
    private final AtomicLong queued = new AtomicLong();

    private Codec codec;
    private FrameDecoder decoder;
    /** The thread delivering a read right now; replies it writes are batched. */
    private volatile Thread deliveringThread;
    /** Held (no handler) or paused by a filter: input goes to the kept input, in order. */
    private volatile boolean keeping;
    /** Counts filter pauses, so that only the latest one's end delivers and resumes. */
    private volatile long pauses;
    /** Pause a filter asked for after the last frame; read by the delivering thread. */
    private long framePause;
    /** The handler serving when the current read began. */
    private HandlerBinding readBinding;
    /** The endpoint's filter chain as it was when the current read began. */
    private FilterBinding[] chain = new FilterBinding[0];
    /** When the frames of the current read began to be decoded, if any probe wants latency. */
    private long deliveryStart;
    private long messagesIn;
    /** The socket, when replies may be written to it straight from the I/O thread (plaintext, I/O lane). */
    private ByteChannel direct;
    private AbstractIoSession directSession;
    /** Bytes written straight to the socket, which MINA's session counters do not see. */
    private volatile long directBytes;
    /** Replies sent in batches by the delivering thread; others are counted by the session. */
    private volatile long batchedReplies;
    /**
     * Set for good once anything but the delivering thread writes: from then on every reply
     * goes through MINA's queue, so that a reply written directly can never overtake or split
     * one queued by another thread. Guarded by {@code this}.
     */
    private boolean foreignWriters;

    SessionDelivery(PatchbaySession session, IoSession io, SessionLane lane, ReadGate gate, SessionProbes probes) {
        this.session = session;
        this.io = io;
        this.lane = lane;
        this.gate = gate;
        this.probes = probes;
    }

    /** The codec chosen at admission; the decoder made for this session. */
    void codec(Codec c, FrameDecoder d) {
        codec = c;
        decoder = d;
    }

    Codec codec() {
        return codec;
    }

    /**
     * The session is plaintext and delivered on its I/O thread: a batch may go straight to the
     * socket when MINA has nothing queued for it, which spares MINA's write request, future,
     * queue nodes and flush scheduling for each batch.
     */
    void allowDirectWrites() {
        if (lane instanceof IoLane && io instanceof NioSession nio) {
            directSession = nio;
            direct = nio.getChannel();
        }
    }

    /** Bytes written to the socket, also those that bypassed MINA's counters. */
    long writtenBytes() {
        return io.getWrittenBytes() + directBytes;
    }

    long batchedReplies() {
        return batchedReplies;
    }

    long messagesIn() {
        return messagesIn;
    }

    /** What the message path holds for this session now, for the memory budget. */
    long heldBytes() {
        FrameDecoder d = decoder;
        return io.getScheduledWriteBytes() + replies.bytes() + (d == null ? 0 : d.pendingBytes()) + kept.bytes() + queued.get();
    }

    // --- input, on the I/O thread --------------------------------------------------------

    /** One read from the socket, on the I/O thread: delivered on the lane. */
    void received(ByteBuffer in) {
        if (lane instanceof IoLane l) {
            if (l.isIdleHere()) {
                // The common case, and the per-read path: no task object, nothing allocated.
                input(in);
            } else {
                lane.execute(() -> input(in));
            }
            return;
        }
        int bytes = in.remaining();
        long total = queued.addAndGet(bytes);
        if (total > session.owner().core().settings().workerQueueBytes()) {
            gate.suspend(ReadGate.WORKER_QUEUE);
        }
        lane.execute(() -> {
            try {
                input(in);
            } finally {
                long left = queued.addAndGet(-bytes);
                if (left <= session.owner().core().settings().workerQueueBytes() / 2) {
                    gate.resume(ReadGate.WORKER_QUEUE);
                }
            }
        });
    }

    // --- on the lane ---------------------------------------------------------------------

    private void input(ByteBuffer in) {
        if (session.isClosing()) {
            return;
        }
        if (keeping || !kept.isEmpty()) {
            kept.add(in);
        } else {
            deliver(in);
        }
        session.pressure().afterInput();
    }

    /**
     * Decodes and delivers {@code in}. What a pause leaves of it goes back to the head of the
     * kept input.
     *
     * @return whether all of it was delivered and nothing asked to stop
     */
    private boolean deliver(ByteBuffer in) {
        HandlerBinding b = session.binding();
        if (b == null) {
            kept.putBack(in);
            hold();
            return false;
        }
        readBinding = b;
        int bytes = in.remaining();
        long before = messagesIn;
        chain = session.owner().wiring().chain();
        TrafficProbe[] observing = probes.current();
        deliveryStart = observing.length == 0 ? 0 : System.nanoTime();
        startDelivery();
        try {
            decoder.decode(in, this);
        } catch (FrameException e) {
            session.failures().frameRejected(e.getMessage());
        } catch (Throwable t) {
            // The sink guards the handler and filters; what gets here is the codec's own failure.
            session.failures().plugin("codec " + session.owner().wiring().settings().codec(), t);
        } finally {
            endDelivery();
            deliveryStart = 0;
        }
        if (observing.length > 0) {
            probes.received(observing, (int) (messagesIn - before), bytes - in.remaining());
        }
        if (session.isClosing()) {
            return false;
        }
        long pause = framePause;
        framePause = 0;
        boolean rest = in.hasRemaining();
        if (rest) {
            // A filter paused the session: the rest waits for the pause to end, and is counted
            // when it is delivered.
            bytes -= in.remaining();
            kept.putBack(in);
        }
        pause = Math.max(pause, afterRead(bytes, (int) (messagesIn - before)));
        if (pause > 0) {
            pauseFor(pause);
            return false;
        }
        return !rest;
    }

    /** Delivers kept input until it is gone or something asks to stop again. */
    private void deliverKept() {
        ByteBuffer b;
        while (!session.isClosing() && (b = kept.poll()) != null) {
            if (!deliver(b)) {
                return;
            }
        }
    }

    @Override
    public boolean frame(ByteBuffer frame) {
        if (session.isClosing()) {
            return false;
        }
        HandlerBinding b = session.binding();
        if (b == null) {
            // The handler went away during this read: its old object finishes the read.
            b = readBinding;
        }
        messagesIn++;
        int length = frame.remaining();
        try {
            session.ensureOpened(b);
            b.handler().received(session, frame);
        } catch (Throwable t) {
            session.failures().handler(b, t);
            return false;
        }
        FilterBinding[] filters = chain;
        if (filters.length == 0) {
            return true;
        }
        long pause = 0;
        for (FilterBinding f : filters) {
            try {
                pause = Math.max(pause, f.filter().afterFrame(session, length));
            } catch (Throwable t) {
                session.failures().plugin("filter " + f.name(), t);
                return false;
            }
        }
        framePause = pause;
        return pause == 0;
    }

    private long afterRead(int bytes, int frames) {
        long pause = 0;
        for (FilterBinding f : chain) {
            try {
                pause = Math.max(pause, f.filter().afterRead(session, bytes, frames));
            } catch (Throwable t) {
                session.failures().plugin("filter " + f.name(), t);
                return 0;
            }
        }
        return pause;
    }

    // --- holds and pauses ----------------------------------------------------------------

    /** No handler: keep the input and stop reading until one arrives. */
    void hold() {
        keeping = true;
        gate.suspend(ReadGate.HELD);
        session.owner().held().hold(session);
    }

    /** Whether the session waits for a handler now. */
    boolean isHeld() {
        return gate.has(ReadGate.HELD);
    }

    /** A handler arrived for a held session, on the lane: deliver what was kept, then read again. */
    void release() {
        if (session.isClosing()) {
            return;
        }
        keeping = false;
        deliverKept();
        if (!keeping) {
            gate.resume(ReadGate.HELD);
        }
        session.pressure().afterInput();
    }

    /**
     * Stops reading for {@code nanos}; then, on the lane, delivers what was kept and reads
     * again, unless that delivery asked for another pause.
     */
    private void pauseFor(long nanos) {
        long generation = ++pauses;
        keeping = true;
        gate.suspend(ReadGate.FILTER_PAUSE);
        session.owner().core().scheduler().schedule(() -> lane.execute(() -> endPause(generation)),
                nanos, TimeUnit.NANOSECONDS);
    }

    private void endPause(long generation) {
        if (session.isClosing() || generation != pauses) {
            return;
        }
        keeping = isHeld();
        if (!keeping) {
            deliverKept();
        }
        if (generation == pauses) {
            gate.resume(ReadGate.FILTER_PAUSE);
        }
        session.pressure().afterInput();
    }

    /** Whether every input handed to the lane has been delivered or kept, and no delivery is under way. */
    boolean isDelivered() {
        return queued.get() == 0 && deliveringThread == null;
    }

    /** Whether nothing read waits to be delivered either. */
    boolean isIdle() {
        return kept.isEmpty() && isDelivered();
    }

    // --- replies -------------------------------------------------------------------------

    /** Opens the handler with its replies sent at once; on the lane. */
    void openOn(HandlerBinding b) {
        startDelivery();
        try {
            session.ensureOpened(b);
        } catch (Throwable t) {
            session.failures().handler(b, t);
        } finally {
            endDelivery();
        }
    }

    /**
     * Encodes a reply: into the batch when written by the delivering thread, else written at once.
     *
     * @return whether it went into the batch (and is counted with it when the batch is sent)
     */
    boolean write(ByteBuffer frame) throws FrameException {
        int need = codec.maxEncodedLength(frame.remaining());
        if (Thread.currentThread() == deliveringThread) {
            codec.encode(frame, replies.room(need));
            replies.replyAdded();
            if (replies.isFull()) {
                flush();
            }
            return true;
        }
        // Written from another thread (a message published to this subscriber): pausing this
        // session's reads cannot slow that writer, so a client that leaves more than
        // max.pending.write.bytes unread is closed instead, as Redis closes a pub/sub client
        // past its output-buffer limit.
        long pending = io.getScheduledWriteBytes();
        int max = session.owner().wiring().settings().maxPendingWriteBytes();
        if (pending + need > max) {
            session.failures().pushedPastLimit(pending, need, max);
            return false;
        }
        ByteBuffer out = ByteBuffer.allocate(need);
        codec.encode(frame, out);
        out.flip();
        int bytes = out.remaining();
        synchronized (this) {
            foreignWriters = true;
            io.write(IoBuffer.wrap(out));
        }
        probes.sent(1, bytes, 0);
        session.pressure().afterOutput();
        return false;
    }

    /**
     * Sends the replies gathered so far when called by the delivering thread: a handler that
     * writes a reply and then closes (an error, QUIT) must not lose the reply to the close.
     */
    void flushBeforeClose() {
        if (Thread.currentThread() == deliveringThread) {
            flush();
        }
    }

    private void startDelivery() {
        deliveringThread = Thread.currentThread();
    }

    private void endDelivery() {
        deliveringThread = null;
        flush();
    }

    private void flush() {
        ByteBuffer b = replies.take();
        if (b == null) {
            return;
        }
        int bytes = b.remaining();
        int n = replies.takenReplies();
        if (direct == null || !writeDirectly(b)) {
            io.write(IoBuffer.wrap(b));
        }
        batchedReplies += n;
        long start = deliveryStart;
        probes.sent(n, bytes, start == 0 ? 0 : System.nanoTime() - start);
        session.pressure().afterOutput();
    }

    /**
     * Writes {@code b} to the socket now if MINA has nothing queued or scheduled for this
     * session (so order is kept); what the socket does not take goes to MINA's queue.
     *
     * @return whether {@code b} was dealt with
     */
    private synchronized boolean writeDirectly(ByteBuffer b) {
        if (foreignWriters || directSession.isScheduledForFlush() || io.getCurrentWriteRequest() != null
                || !io.getWriteRequestQueue().isEmpty(io) || io.isWriteSuspended() || io.isClosing()) {
            return false;
        }
        int written;
        try {
            written = direct.write(b);
        } catch (IOException e) {
            // Let MINA meet the broken connection on its own write and close the session its way.
            return false;
        }
        directBytes += written;
        if (b.hasRemaining()) {
            io.write(IoBuffer.wrap(b));
        } else {
            replies.recycle(b);
        }
        return true;
    }

    /** MINA wrote a buffer of ours: it can carry a later batch. */
    void sent(IoBuffer written) {
        replies.recycle(written.buf());
    }

    /** The session is gone: nothing kept is delivered any more. */
    void discard() {
        kept.clear();
    }
}
