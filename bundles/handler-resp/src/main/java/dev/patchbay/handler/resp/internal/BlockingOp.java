package dev.patchbay.handler.resp.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.ScoredSet;

/**
 * What a list or sorted-set pop does to the first key that has elements, with its arguments
 * parsed: run at once when a key has some, or later for a waiting client by the thread whose
 * write filled the key. Holds no reference to a call, whose buffers are reused.
 */
final class BlockingOp {

    /** BLPOP, BRPOP: {@code [key, element]}. */
    static final int POP = 0;
    /** BRPOPLPUSH, BLMOVE: the element, pushed to {@link #dest}. */
    static final int MOVE = 1;
    /** LMPOP, BLMPOP: {@code [key, [element...]]}. */
    static final int MPOP = 2;
    /** BZPOPMIN, BZPOPMAX: {@code [key, member, score]}. */
    static final int ZPOP = 3;
    /** ZMPOP, BZMPOP: {@code [key, [[member, score]...]]}. */
    static final int ZMPOP = 4;

    final int kind;
    /** Pops at the head (lists) or the lowest scores (sorted sets). */
    final boolean first;
    final boolean toFirst;
    final String dest;
    final long count;

    BlockingOp(int kind, boolean first, boolean toFirst, String dest, long count) {
        this.kind = kind;
        this.first = first;
        this.toFirst = toFirst;
        this.dest = dest;
        this.count = count;
    }

    boolean onSortedSets() {
        return kind >= ZPOP;
    }

    /** Whether a value of this type serves this pop (a waiter skips a key refilled with another type). */
    boolean accepts(Object value) {
        return onSortedSets() ? value instanceof ScoredSet : value instanceof ArrayDeque<?>;
    }

    /** Checks the value's type as the command does on its keys: WRONGTYPE for another type. */
    void check(Object value) {
        if (onSortedSets()) {
            Values.zset(value);
        } else {
            Values.list(value);
        }
    }

    /** The reply when nothing came: Redis 7.0 answers a null array, but a null bulk for the moves run by EXEC. */
    void nothing(Reply out, boolean inExec) {
        if (kind == MOVE && inExec) {
            out.nullBulk();
        } else {
            out.nullArray();
        }
    }

    /**
     * Pops from {@code key}, which holds a non-empty value this op {@link #accepts}, and writes
     * the reply to {@code out}. Caller holds the database's lock; {@code c} hears of keys filled.
     */
    void serve(Database db, String key, Call c, Reply out) {
        switch (kind) {
            case POP -> {
                ArrayDeque<byte[]> list = Values.list(db.peek(key));
                byte[] e = first ? list.pollFirst() : list.pollLast();
                ListCommands.removeIfEmpty(db, key, list, -ListCommands.cost(e));
                out.arrayHeader(2);
                out.bulk(key);
                out.bulk(e);
            }
            case MOVE -> move(db, key, c, out);
            case MPOP -> {
                ArrayDeque<byte[]> list = Values.list(db.peek(key));
                int n = (int) Math.min(count, list.size());
                out.arrayHeader(2);
                out.bulk(key);
                out.arrayHeader(n);
                long delta = 0;
                for (int i = 0; i < n; i++) {
                    byte[] e = first ? list.pollFirst() : list.pollLast();
                    delta -= ListCommands.cost(e);
                    out.bulk(e);
                }
                ListCommands.removeIfEmpty(db, key, list, delta);
            }
            default -> zpop(db, key, out);
        }
    }

    private void move(Database db, String key, Call c, Reply out) {
        ArrayDeque<byte[]> source = Values.list(db.peek(key));
        Values.list(db.peek(dest));
        byte[] e = first ? source.pollFirst() : source.pollLast();
        ListCommands.removeIfEmpty(db, key, source, -ListCommands.cost(e));
        // Looked up again: the source may be the target and may just have been removed.
        ArrayDeque<byte[]> target = Values.list(db.peek(dest));
        if (target == null) {
            target = new ArrayDeque<>();
            db.put(dest, target);
        }
        if (toFirst) {
            target.addFirst(e);
        } else {
            target.addLast(e);
        }
        db.changed(dest, ListCommands.cost(e));
        c.filled(db.index(), dest);
        out.bulk(e);
    }

    private void zpop(Database db, String key, Reply out) {
        ScoredSet z = Values.zset(db.peek(key));
        long n = kind == ZPOP ? 1 : Math.min(count, z.size());
        List<String> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        z.byRank(0, n - 1, !first, (m, s) -> {
            members.add(m);
            scores.add(s);
            return true;
        });
        if (kind == ZPOP) {
            out.arrayHeader(3);
            out.bulk(key);
        } else {
            out.arrayHeader(2);
            out.bulk(key);
            out.arrayHeader(members.size());
        }
        long delta = 0;
        for (int k = 0; k < members.size(); k++) {
            String m = members.get(k);
            z.remove(m);
            delta -= SortedSetCommands.cost(m);
            if (kind == ZMPOP) {
                out.arrayHeader(2);
            }
            out.bulk(m);
            out.bulk(Numbers.g17(scores.get(k)));
        }
        db.changed(key, delta);
        if (z.size() == 0) {
            db.remove(key);
        }
    }
}
