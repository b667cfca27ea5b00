package dev.patchbay.transport.internal;

import static dev.patchbay.transport.internal.HandshakeBytes.EMPTY;
import static dev.patchbay.transport.internal.HandshakeBytes.append;
import static dev.patchbay.transport.internal.HandshakeBytes.concat;
import static dev.patchbay.transport.internal.HandshakeBytes.drain;
import static dev.patchbay.transport.internal.HandshakeBytes.move;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * An engine whose whole handshake runs on the {@link HandshakePool}, never on an I/O thread:
 * the delegated tasks (key exchange, signatures, certificate checks) and also what the JDK does
 * inside wrap and unwrap (the client's Finished, the session ticket, each change of keys, the
 * records of the server's flight). Those took about a third of an I/O thread's time per TLS
 * session, in runs long enough to hold up every other session on that thread (issue 18).
 *
 * <p>Until the handshake is over the real engine belongs to the pool, and MINA only moves bytes:
 * <ul>
 * <li>{@link #unwrap} copies MINA's input aside and starts a pump on the pool;</li>
 * <li>the pump feeds the real engine, runs its tasks, keeps the records it produces and the
 * plaintext a client sends right after its Finished, then wakes the session's I/O thread (an
 * empty write, {@link HandshakeResume}); there {@link ProfileSslFilter} hands MINA
 * {@link #resumeInput()} as if it had been read, so that MINA asks for the status again;</li>
 * <li>{@link #wrap} hands MINA the records; once the pump has seen the handshake end and MINA has
 * every record, MINA hears {@code FINISHED} once, and from then on the real engine is MINA's:
 * records of the secured session pass straight through on the I/O thread.</li>
 * </ul>
 * Every method of the real engine waits for a lock the pump holds, so while the pool owns it,
 * MINA's thread never calls it: buffer sizes come from the session the engine started with,
 * status and closure from fields the pump keeps. A failure is thrown to MINA from its next call,
 * as the real engine would. The fields are guarded by this object's monitor, which is never held
 * while calling the real engine.
 */
final class PooledHandshakeEngine extends ForwardingSSLEngine {

    /** Per pool thread: where one call of the real engine puts what it produces. */
    private static final ThreadLocal<ByteBuffer[]> SCRATCH = new ThreadLocal<>();

    private final Executor pool;
    private final Runnable wake;
    /** What the engine reported before its handshake: the buffer sizes MINA asks for. */
    private final SSLSession initial;

    /** The real engine belongs to the pool: for MINA the handshake is not over yet. */
    private boolean pooled = true;
    /** A pump is queued or running. */
    private boolean pumping;
    /** MINA's input, not yet taken by the pump (write mode). */
    private ByteBuffer netIn;
    /** Input the real engine has not consumed, part of a record (read mode). */
    private ByteBuffer carry = EMPTY;
    /** Records the pump produced, not yet taken by MINA (read mode). */
    private ByteBuffer netOut = EMPTY;
    /** Plaintext that came with the end of the handshake, not yet taken by MINA (read mode). */
    private ByteBuffer appIn = EMPTY;
    private SSLException failure;
    /** The real engine consumed input: before its ClientHello a server engine is not handshaking. */
    private boolean started;
    private boolean handshakeDone;
    private boolean inboundDone;
    private boolean outboundDone;
    /** MINA closed the engine while a pump ran: the pump stops. */
    private boolean abandoned;
    /** The last unwrap left input in MINA's buffer. */
    private boolean inputWaiting;
    /** A resume byte is being handed to MINA: the next unwrap consumes it. */
    private boolean resumeByte;

    PooledHandshakeEngine(SSLEngine engine, Executor pool, Runnable wake) {
        super(engine);
        this.pool = pool;
        this.wake = wake;
        this.initial = engine.getSession();
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        int own = 0;
        boolean pump = false;
        boolean again = false;
        SSLEngineResult result = null;
        synchronized (this) {
            if (resumeByte && src.remaining() == 1) {
                // MINA's buffer was empty, so this byte is the resume byte and nothing else.
                resumeByte = false;
                src.get();
                own = 1;
            }
            if (pooled) {
                if (failure != null) {
                    throw failure;
                }
                // Plaintext goes up only once MINA is about to hear FINISHED, in this call or
                // in the wrap it makes next: the session is secured before its first message.
                int produced = handshakeDone && !pumping ? drain(appIn, dsts, offset, length) : 0;
                int consumed = take(src);
                if (!handshakeDone && !pumping && !abandoned && netIn != null && netIn.position() > 0) {
                    pumping = pump = true;
                }
                HandshakeStatus hs = status();
                again = hs == HandshakeStatus.FINISHED && (appIn.hasRemaining() || carry.hasRemaining());
                result = new SSLEngineResult(Status.OK, hs, consumed + own, produced);
            }
        }
        if (pump) {
            pool.execute(this::pump);
        }
        if (again) {
            wake.run();
        }
        return result != null ? result : unwrapDirect(src, dsts, offset, length, own);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        boolean again = false;
        SSLEngineResult result = null;
        synchronized (this) {
            if (pooled) {
                if (failure != null) {
                    throw failure;
                }
                if (abandoned) {
                    return new SSLEngineResult(Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING, 0, 0);
                }
                if (netOut.hasRemaining() && !dst.hasRemaining()) {
                    return new SSLEngineResult(Status.BUFFER_OVERFLOW, HandshakeStatus.NEED_WRAP, 0, 0);
                }
                int produced = move(netOut, dst);
                HandshakeStatus hs = status();
                again = hs == HandshakeStatus.FINISHED && (appIn.hasRemaining() || carry.hasRemaining());
                result = new SSLEngineResult(Status.OK, hs, 0, produced);
            }
        }
        if (again) {
            wake.run();
        }
        return result != null ? result : wrapDirect(srcs, offset, length, dst);
    }

    /**
     * For MINA while the pool owns the engine; hands the engine to MINA when the handshake is
     * over and every record is out ({@code FINISHED}, reported once).
     */
    private HandshakeStatus status() {
        if (netOut.hasRemaining()) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (pumping || !handshakeDone || abandoned) {
            return HandshakeStatus.NEED_UNWRAP;
        }
        pooled = false;
        carry = append(carry, netIn);
        netIn = null;
        return HandshakeStatus.FINISHED;
    }

    /** Copies what fits of MINA's input aside for the pump. */
    private int take(ByteBuffer src) {
        if (!src.hasRemaining()) {
            inputWaiting = false;
            return 0;
        }
        if (netIn == null) {
            netIn = ByteBuffer.allocate(initial.getPacketBufferSize());
        }
        int n = move(src, netIn);
        inputWaiting = src.hasRemaining();
        return n;
    }

    private SSLEngineResult unwrapDirect(ByteBuffer src, ByteBuffer[] dsts, int offset, int length, int own)
            throws SSLException {
        ByteBuffer kept;
        synchronized (this) {
            if (appIn.hasRemaining()) {
                return new SSLEngineResult(Status.OK, HandshakeStatus.NOT_HANDSHAKING, own, drain(appIn, dsts, offset, length));
            }
            kept = carry;
        }
        SSLEngineResult r;
        int consumed;
        boolean again = false;
        if (kept.hasRemaining()) {
            // Input the pump left over goes to the real engine ahead of MINA's.
            int keptBytes = kept.remaining();
            ByteBuffer joined = ByteBuffer.allocate(keptBytes + src.remaining());
            joined.put(kept.duplicate()).put(src.duplicate()).flip();
            r = engine.unwrap(joined, dsts, offset, length);
            int used = r.bytesConsumed();
            if (used >= keptBytes) {
                consumed = used - keptBytes;
                src.position(src.position() + consumed);
                kept.position(kept.limit());
            } else {
                consumed = 0;
                kept.position(kept.position() + used);
                // MINA reads on only while its own buffer has bytes: bring it back for the rest.
                again = used > 0 || r.bytesProduced() > 0;
            }
        } else {
            r = engine.unwrap(own == 1 ? EMPTY : src, dsts, offset, length);
            consumed = r.bytesConsumed();
        }
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            // After the handshake only a refused renegotiation gets here: its task fails at once.
            runTasks();
            hs = engine.getHandshakeStatus();
        }
        if (again) {
            wake.run();
        }
        Status status = own > 0 && r.getStatus() == Status.BUFFER_UNDERFLOW ? Status.OK : r.getStatus();
        if (hs == r.getHandshakeStatus() && status == r.getStatus() && consumed + own == r.bytesConsumed()) {
            return r;
        }
        return new SSLEngineResult(status, hs, consumed + own, r.bytesProduced());
    }

    private SSLEngineResult wrapDirect(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        SSLEngineResult r = engine.wrap(srcs, offset, length, dst);
        if (r.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
            return r;
        }
        runTasks();
        return new SSLEngineResult(r.getStatus(), engine.getHandshakeStatus(), r.bytesConsumed(), r.bytesProduced());
    }

    /** On the pool: works the real engine until it needs input that has not come, then wakes MINA. */
    private void pump() {
        ByteBuffer[] scratch = scratch();
        try {
            while (true) {
                ByteBuffer in;
                synchronized (this) {
                    if (abandoned) {
                        pumping = false;
                        return;
                    }
                    carry = append(carry, netIn);
                    in = carry;
                }
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks();
                    note(null);
                    continue;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    ByteBuffer net = scratch[1];
                    net.clear();
                    SSLEngineResult r = engine.wrap(EMPTY, net);
                    if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                        scratch[1] = ByteBuffer.allocate(net.capacity() * 2);
                        continue;
                    }
                    net.flip();
                    synchronized (this) {
                        netOut = concat(netOut, net);
                    }
                    note(r);
                    if (r.getStatus() != Status.CLOSED
                            && (r.bytesProduced() > 0 || r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP)) {
                        continue;
                    }
                } else if (in.hasRemaining()) {
                    ByteBuffer app = scratch[0];
                    app.clear();
                    SSLEngineResult r = engine.unwrap(in, app);
                    if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                        scratch[0] = ByteBuffer.allocate(app.capacity() * 2);
                        continue;
                    }
                    app.flip();
                    synchronized (this) {
                        appIn = concat(appIn, app);
                    }
                    note(r);
                    if (r.getStatus() != Status.CLOSED && (r.bytesConsumed() > 0 || r.bytesProduced() > 0)) {
                        continue;
                    }
                }
                synchronized (this) {
                    if (netIn != null && netIn.position() > 0 && !inboundDone) {
                        continue;
                    }
                    pumping = false;
                    if (!netOut.hasRemaining() && !handshakeDone && !inputWaiting && !inboundDone) {
                        // Nothing for MINA yet: the next input starts the next pump.
                        return;
                    }
                }
                break;
            }
        } catch (SSLException e) {
            failed(e);
        } catch (RuntimeException e) {
            failed(new SSLException(e));
        }
        wake.run();
    }

    /** On the pool, after a step of the real engine: what MINA may ask meanwhile. */
    private void note(SSLEngineResult r) {
        boolean in = engine.isInboundDone();
        boolean out = engine.isOutboundDone();
        HandshakeStatus now = engine.getHandshakeStatus();
        synchronized (this) {
            inboundDone = in;
            outboundDone = out;
            if (r != null && r.bytesConsumed() > 0) {
                started = true;
            }
            if ((r != null && r.getHandshakeStatus() == HandshakeStatus.FINISHED)
                    || (started && now == HandshakeStatus.NOT_HANDSHAKING)) {
                handshakeDone = true;
            }
        }
    }

    private synchronized void failed(SSLException e) {
        failure = e;
        pumping = false;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            // The engine keeps what a task throws and throws it from its next wrap or unwrap.
            task.run();
        }
    }

    /**
     * On the session's I/O thread, when woken: what to hand MINA as received input so that it
     * asks for the status again, or {@code null} while a pump runs (it wakes it again). Empty
     * when MINA holds input (it unwraps that); else one byte that only {@link #unwrap} sees.
     */
    synchronized ByteBuffer resumeInput() {
        if (pooled && pumping) {
            return null;
        }
        if (inputWaiting) {
            return ByteBuffer.allocate(0);
        }
        resumeByte = true;
        return ByteBuffer.allocate(1);
    }

    /** MINA has had the resume input. */
    synchronized void resumed() {
        resumeByte = false;
    }

    @Override
    public Runnable getDelegatedTask() {
        // Its tasks are this engine's own business; MINA is never told NEED_TASK.
        return null;
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        synchronized (this) {
            if (pooled) {
                return netOut.hasRemaining() ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NEED_UNWRAP;
            }
        }
        return engine.getHandshakeStatus();
    }

    @Override
    public SSLSession getSession() {
        synchronized (this) {
            if (pooled) {
                return initial;
            }
        }
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        synchronized (this) {
            if (pooled) {
                // MINA then sizes its buffers by getSession().
                return null;
            }
        }
        return engine.getHandshakeSession();
    }

    @Override
    public boolean isInboundDone() {
        synchronized (this) {
            if (pooled) {
                return inboundDone;
            }
        }
        return engine.isInboundDone();
    }

    @Override
    public boolean isOutboundDone() {
        synchronized (this) {
            if (pooled) {
                return outboundDone;
            }
        }
        return engine.isOutboundDone();
    }

    @Override
    public void closeInbound() throws SSLException {
        if (!release(true)) {
            engine.closeInbound();
        }
    }

    @Override
    public void closeOutbound() {
        if (!release(false)) {
            engine.closeOutbound();
        }
    }

    /**
     * MINA closes a side: while a pump runs the pump is told to stop (the session is going and
     * its handshake with it); else the engine becomes MINA's, which closes it itself.
     *
     * @return whether the pump was told
     */
    private synchronized boolean release(boolean inbound) {
        if (pooled && pumping) {
            abandoned = true;
            if (inbound) {
                inboundDone = true;
            } else {
                outboundDone = true;
            }
            return true;
        }
        pooled = false;
        return false;
    }

    private ByteBuffer[] scratch() {
        ByteBuffer[] s = SCRATCH.get();
        if (s == null) {
            s = new ByteBuffer[] {ByteBuffer.allocate(initial.getApplicationBufferSize()),
                    ByteBuffer.allocate(initial.getPacketBufferSize())};
            SCRATCH.set(s);
        }
        return s;
    }
}
