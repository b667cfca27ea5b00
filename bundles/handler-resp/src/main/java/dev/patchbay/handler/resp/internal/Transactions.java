package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.NO_QUEUE;

import java.util.ArrayList;
import java.util.List;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.Keyspace;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. EXEC runs the queued requests holding every database's
 * lock, so no other session's command interleaves; WATCH compares key versions under the same locks.
 */
final class Transactions {

    private static final String GROUP = "transactions";

    private final Dispatcher dispatcher;

    Transactions(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    static void register(HandlerContext ctx) {
        CommandTable t = ctx.table;
        t.add("multi", 1, NO_QUEUE | FAST, GROUP, c -> {
            if ((c.state[SessionState.FLAGS] & SessionState.IN_MULTI) != 0) {
                throw Errors.NESTED_MULTI;
            }
            c.state[SessionState.FLAGS] |= SessionState.IN_MULTI;
            SessionState.queue(c.session).clear();
            c.reply.ok();
        });
        t.add("exec", 1, NO_QUEUE, GROUP, c -> ctx.transactions.exec(c));
        t.add("discard", 1, NO_QUEUE | FAST, GROUP, c -> {
            if ((c.state[SessionState.FLAGS] & SessionState.IN_MULTI) == 0) {
                throw Errors.DISCARD_WITHOUT_MULTI;
            }
            endMulti(c);
            unwatchAll(ctx, c.session);
            c.reply.ok();
        });
        t.add("watch", -2, NO_QUEUE | FAST, GROUP, c -> {
            if ((c.state[SessionState.FLAGS] & SessionState.IN_MULTI) != 0) {
                throw Errors.WATCH_IN_MULTI;
            }
            List<Object[]> watched = SessionState.watched(c.session, true);
            Database db = c.db();
            db.lock();
            try {
                for (int i = 1; i < c.argc(); i++) {
                    String key = c.key(i);
                    if (isWatched(watched, db.index(), key)) {
                        continue;
                    }
                    long version = db.watch(key);
                    watched.add(new Object[] {db.index(), key, version});
                }
            } finally {
                db.unlock();
            }
            c.reply.ok();
        });
        t.add("unwatch", 1, NO_QUEUE | FAST, GROUP, c -> {
            unwatchAll(ctx, c.session);
            c.reply.ok();
        });
    }

    private static boolean isWatched(List<Object[]> watched, int db, String key) {
        for (Object[] w : watched) {
            if ((Integer) w[0] == db && w[1].equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static void endMulti(Call c) {
        c.state[SessionState.FLAGS] &= ~(SessionState.IN_MULTI | SessionState.MULTI_DIRTY);
        c.session.attribute(SessionState.QUEUE, null);
    }

    /** Drops every WATCH of the session (EXEC, DISCARD, UNWATCH, and when it closes). */
    static void unwatchAll(HandlerContext ctx, Session session) {
        List<Object[]> watched = SessionState.watched(session, false);
        if (watched == null || watched.isEmpty()) {
            return;
        }
        Keyspace ks = ctx.keyspace();
        for (Object[] w : watched) {
            int index = (Integer) w[0];
            if (index < ks.databases()) {
                Database db = ks.database(index);
                db.lock();
                try {
                    db.unwatch((String) w[1]);
                } finally {
                    db.unlock();
                }
            }
        }
        session.attribute(SessionState.WATCHED, null);
    }

    private void exec(Call c) {
        long flags = c.state[SessionState.FLAGS];
        if ((flags & SessionState.IN_MULTI) == 0) {
            throw Errors.EXEC_WITHOUT_MULTI;
        }
        List<byte[]> queued = new ArrayList<>(SessionState.queue(c.session));
        HandlerContext ctx = c.context;
        endMulti(c);
        if ((flags & SessionState.MULTI_DIRTY) != 0) {
            unwatchAll(ctx, c.session);
            throw Errors.EXECABORT;
        }
        Keyspace ks = c.keyspace();
        ks.lockAll();
        try {
            if (watchedChanged(c, ks)) {
                c.reply.nullArray();
                return;
            }
            c.reply.arrayHeader(queued.size());
            // Blocking commands do not wait inside a transaction: they answer as at a timeout.
            c.noBlock = true;
            for (byte[] frame : queued) {
                c.load(frame);
                Command cmd = dispatcher.lookup(c);
                dispatcher.execute(cmd, c);
            }
        } finally {
            c.noBlock = false;
            ks.unlockAll();
            unwatchAll(ctx, c.session);
        }
    }

    private static boolean watchedChanged(Call c, Keyspace ks) {
        List<Object[]> watched = SessionState.watched(c.session, false);
        if (watched == null) {
            return false;
        }
        for (Object[] w : watched) {
            int index = (Integer) w[0];
            if (index >= ks.databases() || ks.database(index).version((String) w[1]) != (Long) w[2]) {
                return true;
            }
        }
        return false;
    }
}
