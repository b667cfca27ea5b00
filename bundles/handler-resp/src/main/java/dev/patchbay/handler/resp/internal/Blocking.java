package dev.patchbay.handler.resp.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.Keyspace;

/**
 * Clients waiting in a blocking command (BLPOP, BLMOVE, BZPOPMIN...): per database, the key a
 * client waits for to the waiting clients in the order they blocked, kept under that database's
 * lock, so that the write that fills a key and the pop that serves a waiter are one step and
 * each element goes to exactly one client. Timeouts run on one scheduler thread.
 *
 * <p>While a client waits, the frames it sends are held in its session
 * ({@link SessionState#HELD}); the thread that ends the wait (the writer's, or the timer's)
 * writes the reply and then runs what was held, in order, before the session's own thread may
 * serve anything new.
 */
final class Blocking {

    /** Runs frames for a session on the calling thread: the handler's side of a resumed client. */
    interface Runner {
        Call call();

        void run(Call c, Session session, long[] state, byte[] frame);
    }

    /** One waiting client. Its fields after construction change under its database's lock. */
    static final class Waiter {
        final Session session;
        final long[] state;
        final int db;
        final String[] keys;
        final BlockingOp op;
        ScheduledFuture<?> timeout;
        boolean done;
        byte[] reply;

        Waiter(Session session, long[] state, int db, String[] keys, BlockingOp op) {
            this.session = session;
            this.state = state;
            this.db = db;
            this.keys = keys;
            this.op = op;
        }
    }

    private final Keyspace keyspace;
    private final Runner runner;
    private final HashMap<String, ArrayDeque<Waiter>>[] byKey;
    private final Map<Long, Waiter> bySession = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean stopping;

    @SuppressWarnings("unchecked")
    Blocking(Keyspace keyspace, Runner runner) {
        this.keyspace = keyspace;
        this.runner = runner;
        this.byKey = new HashMap[keyspace.databases()];
        for (int i = 0; i < byKey.length; i++) {
            byKey[i] = new HashMap<>();
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "patchbay-resp-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Whether a client waits for {@code key} of database {@code db}. Caller holds that database's lock. */
    boolean waitsFor(int db, String key) {
        HashMap<String, ArrayDeque<Waiter>> m = byKey[db];
        return !m.isEmpty() && m.containsKey(key);
    }

    /** Whether blocking commands must answer at once (the handler is stopping). */
    boolean stopping() {
        return stopping;
    }

    /** Clients waiting now (INFO's blocked_clients). */
    int waiting() {
        return bySession.size();
    }

    /**
     * Makes the call's client wait for one of {@code keys} (none has elements), for
     * {@code timeoutMillis} or for ever if 0. Caller holds the database's lock.
     */
    void block(Call c, String[] keys, BlockingOp op, long timeoutMillis) {
        Session session = c.session;
        // Replies gathered for earlier frames of this read leave now: the thread that ends the
        // wait writes at once and must not overtake them.
        session.flush();
        int db = (int) c.state[SessionState.DB];
        Waiter w = new Waiter(session, c.state, db, keys, op);
        SessionState.setFlag(c.state, SessionState.BLOCKED);
        for (String key : keys) {
            byKey[db].computeIfAbsent(key, k -> new ArrayDeque<>()).add(w);
        }
        bySession.put(session.id(), w);
        if (timeoutMillis > 0) {
            w.timeout = timer.schedule(() -> expire(w), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        c.blocked = true;
    }

    /** Serves the clients waiting for the keys the call's commands filled, then resumes them. Call with {@code c} free. */
    void serveReady(Call c) {
        while (c.hasReady()) {
            int index = c.nextReadyDb();
            String key = c.takeReadyKey();
            List<Waiter> served = null;
            Database db = keyspace.database(index);
            db.lock();
            try {
                Waiter w;
                while ((w = next(db, key)) != null) {
                    unlink(w);
                    c.aside.rewind(0);
                    try {
                        w.op.serve(db, key, c, c.aside);
                    } catch (RespError e) {
                        c.aside.rewind(0);
                        c.aside.error(e.getMessage());
                    }
                    w.reply = c.aside.copy();
                    if (served == null) {
                        served = new ArrayList<>(2);
                    }
                    served.add(w);
                }
            } finally {
                db.unlock();
            }
            if (served != null) {
                for (Waiter w : served) {
                    resume(c, w);
                }
            }
        }
    }

    /** The first client waiting for {@code key} that its value now serves, or null. */
    private Waiter next(Database db, String key) {
        ArrayDeque<Waiter> queue = byKey[db.index()].get(key);
        if (queue == null) {
            return null;
        }
        Object value = db.peek(key);
        if (value == null) {
            return null;
        }
        for (Waiter w : queue) {
            if (w.op.accepts(value)) {
                return w;
            }
        }
        return null;
    }

    /** Ends a wait: drops the client from every key it waits for. Caller holds its database's lock. */
    private void unlink(Waiter w) {
        w.done = true;
        HashMap<String, ArrayDeque<Waiter>> m = byKey[w.db];
        for (String key : w.keys) {
            ArrayDeque<Waiter> q = m.get(key);
            if (q != null) {
                for (Iterator<Waiter> it = q.iterator(); it.hasNext();) {
                    if (it.next() == w) {
                        it.remove();
                    }
                }
                if (q.isEmpty()) {
                    m.remove(key);
                }
            }
        }
        bySession.remove(w.session.id(), w);
        if (w.timeout != null) {
            w.timeout.cancel(false);
        }
    }

    private void expire(Waiter w) {
        if (end(w)) {
            answerTimedOut(w);
        }
    }

    /** Gives an ended wait the reply of a timeout and answers what its client sent meanwhile. */
    private void answerTimedOut(Waiter w) {
        Reply r = new Reply(16);
        w.op.nothing(r, false);
        w.reply = r.copy();
        Call c = runner.call();
        resume(c, w);
        serveReady(c);
    }

    /** Ends the wait of {@code w} unless it was served; whether this call ended it. */
    private boolean end(Waiter w) {
        Database db = keyspace.database(w.db);
        db.lock();
        try {
            if (w.done) {
                return false;
            }
            unlink(w);
            return true;
        } finally {
            db.unlock();
        }
    }

    /**
     * Writes the reply of the ended wait, then runs the frames the client sent meanwhile, in
     * order, until one of them waits again; the session's own thread queues behind this.
     */
    private void resume(Call c, Waiter w) {
        Session s = w.session;
        long[] st = w.state;
        synchronized (st) {
            s.write(ByteBuffer.wrap(w.reply));
            ArrayDeque<byte[]> held = SessionState.held(s);
            while (true) {
                byte[] frame = held.poll();
                if (frame == null) {
                    SessionState.clearFlag(st, SessionState.BLOCKED);
                    return;
                }
                c.blocked = false;
                runner.run(c, s, st, frame);
                if (c.blocked) {
                    c.blocked = false;
                    return;
                }
            }
        }
    }

    /**
     * Holds {@code frame} if the session's client waits; whether it did. Called by the
     * session's own thread when it saw {@link SessionState#BLOCKED}.
     */
    static boolean hold(Session session, long[] state, ByteBuffer frame) {
        synchronized (state) {
            if ((SessionState.flags(state) & SessionState.BLOCKED) == 0) {
                return false;
            }
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            SessionState.held(session).add(copy);
            return true;
        }
    }

    /** The session closed: its wait, if any, is forgotten. */
    void forget(Session session) {
        Waiter w = bySession.get(session.id());
        if (w != null) {
            end(w);
        }
    }

    /**
     * The handler stops (an update or a swap): no wait can outlive it, since the waiting
     * client sends nothing that would bring it to the next version. Every waiting client gets
     * the reply of a timeout and what it sent meanwhile is answered, blocking commands among
     * it answering at once as at a timeout.
     */
    void stop() {
        stopping = true;
        timer.shutdownNow();
        for (Waiter w : new ArrayList<>(bySession.values())) {
            if (end(w)) {
                answerTimedOut(w);
            }
        }
    }
}
