package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * An endpoint's listening acceptor, and the ones it left behind when it moved or drained:
 * those keep their sessions but no longer listen, and each is disposed (its selector closed)
 * once its last session is gone.
 */
final class Acceptors {

    private NioSocketAcceptor current;
    private final List<NioSocketAcceptor> retired = new ArrayList<>();

    synchronized NioSocketAcceptor current() {
        return current;
    }

    /** Makes {@code next} the listening one; the previous one, if any, is retired. */
    synchronized NioSocketAcceptor replace(NioSocketAcceptor next) {
        NioSocketAcceptor old = current;
        current = next;
        if (old != null) {
            retire(old);
        }
        return old;
    }

    /** Stops listening; sessions stay. */
    synchronized void retireCurrent() {
        if (current != null) {
            retire(current);
            current = null;
        }
    }

    private void retire(NioSocketAcceptor a) {
        a.unbind();
        retired.add(a);
        disposeIdle();
    }

    /** Disposes every retired acceptor without sessions. */
    synchronized void disposeIdle() {
        retired.removeIf(a -> {
            if (a.getManagedSessionCount() == 0) {
                a.dispose(false);
                return true;
            }
            return false;
        });
    }

    synchronized int retiredCount() {
        return retired.size();
    }

    /** Disposes all; the endpoint is gone. */
    synchronized void disposeAll() {
        if (current != null) {
            current.unbind();
            current.dispose(false);
            current = null;
        }
        retired.forEach(a -> a.dispose(false));
        retired.clear();
    }
}
