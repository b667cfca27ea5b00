package dev.patchbay.handler.resp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.patchbay.api.handler.Session;

/**
 * Per-session state, kept in session attributes as plain values so that a newer version of
 * this handler carries on a live session ({@code handedOver}). The layout of each attribute is
 * a contract between handler versions: add slots and keys, never change their meaning.
 */
final class SessionState {

    /** {@code long[]}: the slots below. One array read per command; changed in place. */
    static final String STATE = "resp.state";
    /** {@code String}: CLIENT SETNAME's name. */
    static final String NAME = "resp.name";
    /** {@code java.util.ArrayList<byte[]>}: the request frames queued since MULTI. */
    static final String QUEUE = "resp.multi.queue";
    /** {@code java.util.ArrayList<Object[]>}: WATCHed keys as {Integer db, String key, Long version}. */
    static final String WATCHED = "resp.watched";
    /** {@code java.util.ArrayDeque<byte[]>}: frames received while a blocking command waits, run after it. */
    static final String HELD = "resp.held";

    /** Slot of {@link #STATE}: the selected database. */
    static final int DB = 0;
    /** Slot of {@link #STATE}: the flags below. */
    static final int FLAGS = 1;
    /** Slot of {@link #STATE}: the last command's start, Unix milliseconds (CLIENT LIST idle). */
    static final int LAST_COMMAND = 2;
    static final int SLOTS = 3;

    static final long AUTHENTICATED = 1;
    static final long IN_MULTI = 2;
    /** A command failed to queue in this MULTI: EXEC answers EXECABORT. */
    static final long MULTI_DIRTY = 4;
    /** Subscribed to a channel or pattern: RESP2 allows only (un)subscribing, PING and QUIT. */
    static final long SUBSCRIBED = 8;
    /**
     * A blocking command waits (or what came after it is being run by the thread that ended
     * the wait): frames go to {@link #HELD}. Set and cleared with {@link #setFlag}/{@link #clearFlag},
     * read with {@link #flags}, since the thread that ends a wait is not the session's.
     */
    static final long BLOCKED = 16;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private SessionState() {
    }

    static long[] open(Session session, boolean authenticated) {
        long[] s = new long[SLOTS];
        s[FLAGS] = authenticated ? AUTHENTICATED : 0;
        s[LAST_COMMAND] = System.currentTimeMillis();
        session.attribute(STATE, s);
        return s;
    }

    /**
     * The state a session has; a session that has none (handed over from a version or another
     * handler that kept none) starts afresh, authenticated unless its endpoint has a password.
     */
    static long[] of(Session session) {
        Object s = session.attribute(STATE);
        if (s instanceof long[] a && a.length >= SLOTS) {
            return a;
        }
        return open(session, HandlerContext.password(session) == null);
    }

    /** The flags as last written by any thread (an acquiring read: a plain load on x86). */
    static long flags(long[] state) {
        return (long) SLOT.getAcquire(state, FLAGS);
    }

    static void setFlag(long[] state, long flag) {
        SLOT.getAndBitwiseOr(state, FLAGS, flag);
    }

    static void clearFlag(long[] state, long flag) {
        SLOT.getAndBitwiseAnd(state, FLAGS, ~flag);
    }

    @SuppressWarnings("unchecked")
    static ArrayDeque<byte[]> held(Session session) {
        Object q = session.attribute(HELD);
        if (q instanceof ArrayDeque<?> d) {
            return (ArrayDeque<byte[]>) d;
        }
        ArrayDeque<byte[]> d = new ArrayDeque<>();
        session.attribute(HELD, d);
        return d;
    }

    @SuppressWarnings("unchecked")
    static ArrayList<byte[]> queue(Session session) {
        Object q = session.attribute(QUEUE);
        if (q instanceof ArrayList<?> list) {
            return (ArrayList<byte[]>) list;
        }
        ArrayList<byte[]> list = new ArrayList<>();
        session.attribute(QUEUE, list);
        return list;
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> watched(Session session, boolean create) {
        Object w = session.attribute(WATCHED);
        if (w instanceof ArrayList<?> list) {
            return (ArrayList<Object[]>) list;
        }
        if (!create) {
            return null;
        }
        ArrayList<Object[]> list = new ArrayList<>();
        session.attribute(WATCHED, list);
        return list;
    }
}
