package dev.patchbay.transport.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An engine whose delegated tasks (the handshake's key exchange, signatures and certificate
 * checks: nearly all of its cost) run on the {@link HandshakePool}, never on an I/O thread.
 *
 * <p>Why not MINA's own executor: MINA 2.2.10's {@code SSLHandlerG0} runs delegated tasks on a
 * static two-thread executor with an unbounded queue, holding the session's handler monitor, so
 * an I/O thread that reads for that session meanwhile blocks; it then carries the handshake on
 * from that executor thread, and does not reliably go back to input that arrived during the
 * task (a cold TLS 1.3 client-certificate handshake hung before its first reply). So MINA never
 * sees {@code NEED_TASK} from this engine:
 * <ul>
 * <li>When the real engine asks for a task, its tasks go to the pool and MINA is told
 * {@code NEED_UNWRAP}. Until they are done this engine answers MINA itself, consuming nothing,
 * so input stays in MINA's buffer; it does not call the real engine, every method of which
 * waits for the lock the running task holds.</li>
 * <li>When they are done, {@code wake} brings the session's I/O thread back (an empty write,
 * {@link HandshakeResume}), and there {@link ProfileSslFilter} hands MINA {@link #resumeInput()}
 * as if it had been read: empty when input waits in MINA's buffer (MINA unwraps it), else one
 * byte that only this engine sees and consumes ({@link #unwrap}), so that MINA asks the real
 * engine for its status and carries on: writes the next flight, reports the handshake finished,
 * or gets the task's failure thrown.</li>
 * </ul>
 * MINA serialises wrap and unwrap under its handler lock; the fields below are also read by the
 * pool thread, hence {@code synchronized} (never held while calling the real engine).
 */
final class PooledTaskEngine extends SSLEngine {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final Executor pool;
    private final Runnable wake;

    /** Delegated tasks are queued or running: the real engine must not be called. */
    private boolean busy;
    /** The last unwrap left input in MINA's buffer. */
    private boolean inputWaiting;
    /** A resume byte is being handed to MINA: the next unwrap consumes it. */
    private boolean resumeByte;
    private boolean tasksRan;
    private boolean finishedReported;
    private boolean inboundDone;
    private boolean outboundDone;

    PooledTaskEngine(SSLEngine engine, Executor pool, Runnable wake) {
        super(engine.getPeerHost(), engine.getPeerPort());
        this.engine = engine;
        this.pool = pool;
        this.wake = wake;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        if (isBusy()) {
            return waiting();
        }
        return after(engine.wrap(srcs, offset, length, dst), 0);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        int own = 0;
        synchronized (this) {
            if (busy) {
                inputWaiting = src.hasRemaining();
                return waiting();
            }
            if (resumeByte && src.remaining() == 1) {
                // MINA's buffer was empty, so this byte is the resume byte and nothing else.
                resumeByte = false;
                src.get();
                own = 1;
            }
        }
        SSLEngineResult r = engine.unwrap(own == 1 ? EMPTY : src, dsts, offset, length);
        synchronized (this) {
            inputWaiting = src.hasRemaining();
        }
        return after(r, own);
    }

    /** Nothing done: MINA stops and waits for the tasks, keeping its input. */
    private static SSLEngineResult waiting() {
        return new SSLEngineResult(SSLEngineResult.Status.OK, HandshakeStatus.NEED_UNWRAP, 0, 0);
    }

    private SSLEngineResult after(SSLEngineResult r, int ownBytes) {
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            startTasks();
            hs = HandshakeStatus.NEED_UNWRAP;
        } else if (hs == HandshakeStatus.FINISHED) {
            synchronized (this) {
                finishedReported = true;
            }
        } else if (hs == HandshakeStatus.NOT_HANDSHAKING) {
            synchronized (this) {
                // The handshake ended inside a task: MINA must still hear FINISHED once, to say SECURED.
                if (tasksRan && !finishedReported) {
                    finishedReported = true;
                    hs = HandshakeStatus.FINISHED;
                }
            }
        }
        if (hs == r.getHandshakeStatus() && ownBytes == 0) {
            return r;
        }
        SSLEngineResult.Status status = ownBytes > 0 && r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                ? SSLEngineResult.Status.OK : r.getStatus();
        return new SSLEngineResult(status, hs, r.bytesConsumed() + ownBytes, r.bytesProduced());
    }

    private void startTasks() {
        boolean in = engine.isInboundDone();
        boolean out = engine.isOutboundDone();
        synchronized (this) {
            busy = true;
            tasksRan = true;
            inboundDone = in;
            outboundDone = out;
        }
        pool.execute(this::runTasks);
    }

    private void runTasks() {
        try {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                // The engine keeps what a task throws and throws it from the next wrap or unwrap.
                task.run();
            }
        } finally {
            synchronized (this) {
                busy = false;
            }
            wake.run();
        }
    }

    /**
     * On the session's I/O thread, after the tasks: what to hand MINA as received input so that
     * it carries the handshake on, or {@code null} when new tasks are already running (they
     * wake it again). Empty when MINA holds input (it unwraps that); else one byte for
     * {@link #unwrap} to consume.
     */
    synchronized ByteBuffer resumeInput() {
        if (busy) {
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

    private synchronized boolean isBusy() {
        return busy;
    }

    @Override
    public Runnable getDelegatedTask() {
        // Its tasks are this engine's own business; MINA is never told NEED_TASK.
        return null;
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        return isBusy() ? HandshakeStatus.NEED_UNWRAP : engine.getHandshakeStatus();
    }

    @Override
    public boolean isInboundDone() {
        synchronized (this) {
            if (busy) {
                return inboundDone;
            }
        }
        return engine.isInboundDone();
    }

    @Override
    public boolean isOutboundDone() {
        synchronized (this) {
            if (busy) {
                return outboundDone;
            }
        }
        return engine.isOutboundDone();
    }

    @Override
    public void closeInbound() throws SSLException {
        engine.closeInbound();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        engine.beginHandshake();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        engine.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return engine.getHandshakeApplicationProtocolSelector();
    }
}
