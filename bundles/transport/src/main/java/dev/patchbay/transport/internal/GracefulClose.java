package dev.patchbay.transport.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import dev.patchbay.api.observe.CloseCause;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * Ends a session without losing a reply and without a reset: reads stop, what was read is
 * answered, the replies are flushed, then the output is shut (a FIN after the last reply).
 * The client reads to that end and closes; what it still sends meanwhile is read and dropped,
 * because closing a socket with unread input makes the kernel send a reset, which can destroy
 * replies the client has not read yet. A client that does not close within {@link #LINGER_MS}
 * is closed anyway.
 */
final class GracefulClose {

    static final long LINGER_MS = 1000;

    private final PatchbaySession session;
    private final IoSession io;
    private final ReadGate gate;
    private volatile boolean finishing;
    private volatile boolean outputShut;
    private volatile boolean discarding;

    GracefulClose(PatchbaySession session, IoSession io, ReadGate gate) {
        this.session = session;
        this.io = io;
        this.gate = gate;
    }

    boolean isFinishing() {
        return finishing;
    }

    boolean outputShut() {
        return outputShut;
    }

    boolean isDiscarding() {
        return discarding;
    }

    /** Starts ending the session; from any thread. */
    void finish(CloseCause cause, String reason) {
        if (finishing || session.isClosing()) {
            return;
        }
        finishing = true;
        session.closingBecause(cause, reason);
        gate.suspend(ReadGate.STOPPING);
        // On the lane, so that a delivery under way finishes and its replies are queued first.
        session.lane().execute(this::progress);
    }

    /** Shuts the output once every delivery is done and every reply written; called again after each write. */
    void progress() {
        if (!finishing || outputShut || !session.delivery().isDelivered()) {
            return;
        }
        if (io.getScheduledWriteBytes() > 0 || !io.getWriteRequestQueue().isEmpty(io)) {
            return;
        }
        shutOutput();
    }

    private synchronized void shutOutput() {
        if (outputShut) {
            return;
        }
        outputShut = true;
        if (io.getFilterChain().contains(ProfileSslFilter.NAME) || !(io instanceof NioSession nio)
                || !(nio.getChannel() instanceof SocketChannel channel)) {
            // TLS ends with its own close_notify, which MINA's filter sends on close.
            io.closeOnFlush();
            return;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            io.closeNow();
            return;
        }
        discarding = true;
        gate.resume(ReadGate.STOPPING);
        session.owner().core().scheduler().schedule(() -> {
            if (io.isConnected()) {
                io.closeNow();
            }
        }, LINGER_MS, TimeUnit.MILLISECONDS);
    }
}
