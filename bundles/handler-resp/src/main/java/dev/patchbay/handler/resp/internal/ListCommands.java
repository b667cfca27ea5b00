package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.DENYOOM;
import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.READONLY;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import dev.patchbay.api.keyspace.Database;

/**
 * The list commands of Redis 7.0 but the pops that may block ({@link BlockingCommands}). A list is an
 * {@link ArrayDeque}: O(1) at both ends; index operations walk it, as Redis's quicklist does.
 */
final class ListCommands {

    private static final String GROUP = "list";

    private ListCommands() {
    }

    static void register(CommandTable t) {
        t.add("lpush", -3, WRITE | DENYOOM | DB | FAST, GROUP, c -> push(c, true, false));
        t.add("rpush", -3, WRITE | DENYOOM | DB | FAST, GROUP, c -> push(c, false, false));
        t.add("lpushx", -3, WRITE | DENYOOM | DB | FAST, GROUP, c -> push(c, true, true));
        t.add("rpushx", -3, WRITE | DENYOOM | DB | FAST, GROUP, c -> push(c, false, true));
        t.add("lpop", -2, WRITE | DB | FAST, GROUP, c -> pop(c, true, "lpop"));
        t.add("rpop", -2, WRITE | DB | FAST, GROUP, c -> pop(c, false, "rpop"));
        t.add("llen", 2, READONLY | DB | FAST, GROUP, c -> {
            ArrayDeque<byte[]> list = Values.list(c.db().get(c.key(1)));
            c.reply.integer(list == null ? 0 : list.size());
        });
        t.add("lrange", 4, READONLY | DB, GROUP, ListCommands::lrange);
        t.add("lindex", 3, READONLY | DB, GROUP, c -> {
            long index = c.longArg(2);
            ArrayDeque<byte[]> list = Values.list(c.db().get(c.key(1)));
            if (list == null) {
                c.reply.nullBulk();
                return;
            }
            long i = index < 0 ? list.size() + index : index;
            c.reply.bulkOrNull(i < 0 || i >= list.size() ? null : at(list, (int) i));
        });
        t.add("lpos", -3, READONLY | DB, GROUP, ListCommands::lpos);
        t.add("lset", 4, WRITE | DENYOOM | DB, GROUP, ListCommands::lset);
        t.add("lrem", 4, WRITE | DB, GROUP, ListCommands::lrem);
        t.add("ltrim", 4, WRITE | DB, GROUP, ListCommands::ltrim);
        t.add("linsert", 5, WRITE | DENYOOM | DB, GROUP, ListCommands::linsert);
        t.add("rpoplpush", 3, WRITE | DENYOOM | DB, GROUP, c -> move(c, false, true));
        t.add("lmove", 5, WRITE | DENYOOM | DB, GROUP, c -> {
            boolean fromLeft = Args.side(c, 3);
            boolean toLeft = Args.side(c, 4);
            move(c, fromLeft, toLeft);
        });
    }

    static long cost(byte[] element) {
        return Database.LIST_ELEMENT_OVERHEAD + element.length;
    }

    private static byte[] at(ArrayDeque<byte[]> list, int index) {
        if (index > list.size() / 2) {
            Iterator<byte[]> it = list.descendingIterator();
            for (int k = list.size() - 1; k > index; k--) {
                it.next();
            }
            return it.next();
        }
        Iterator<byte[]> it = list.iterator();
        for (int k = 0; k < index; k++) {
            it.next();
        }
        return it.next();
    }

    private static void push(Call c, boolean left, boolean onlyIfExists) {
        Database db = c.db();
        String key = c.key(1);
        ArrayDeque<byte[]> list = Values.list(db.peek(key));
        if (list == null) {
            if (onlyIfExists) {
                c.reply.integer(0);
                return;
            }
            list = new ArrayDeque<>();
            db.put(key, list);
            c.filled(key);
        }
        long delta = 0;
        for (int i = 2; i < c.argc(); i++) {
            byte[] e = c.bytes(i);
            if (left) {
                list.addFirst(e);
            } else {
                list.addLast(e);
            }
            delta += cost(e);
        }
        db.changed(key, delta);
        c.reply.integer(list.size());
    }

    private static void pop(Call c, boolean left, String name) {
        if (c.argc() > 3) {
            throw Errors.wrongArity(name);
        }
        boolean hasCount = c.argc() == 3;
        long count = 1;
        if (hasCount) {
            count = Args.notNegative(c, 2, Errors.NOT_POSITIVE);
        }
        Database db = c.db();
        String key = c.key(1);
        ArrayDeque<byte[]> list = Values.list(db.peek(key));
        if (list == null) {
            if (hasCount) {
                c.reply.nullArray();
            } else {
                c.reply.nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        int n = (int) Math.min(count, list.size());
        if (hasCount) {
            c.reply.arrayHeader(n);
        }
        long delta = 0;
        for (int i = 0; i < n; i++) {
            byte[] e = left ? list.pollFirst() : list.pollLast();
            delta -= cost(e);
            c.reply.bulk(e);
        }
        removeIfEmpty(db, key, list, delta);
    }

    /** Reports a change of {@code delta} bytes, and removes the key if the list became empty (Redis keeps no empty collections). */
    static void removeIfEmpty(Database db, String key, java.util.Collection<?> collection, long delta) {
        db.changed(key, delta);
        if (collection.isEmpty()) {
            db.remove(key);
        }
    }

    private static void lrange(Call c) {
        long start = c.longArg(2);
        long stop = c.longArg(3);
        ArrayDeque<byte[]> list = Values.list(c.db().get(c.key(1)));
        if (list == null) {
            c.reply.arrayHeader(0);
            return;
        }
        long size = list.size();
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (stop < 0) {
            stop = size + stop;
        }
        stop = Math.min(stop, size - 1);
        if (start > stop || start >= size) {
            c.reply.arrayHeader(0);
            return;
        }
        c.reply.arrayHeader(stop - start + 1);
        Iterator<byte[]> it = list.iterator();
        for (long i = 0; i <= stop; i++) {
            byte[] e = it.next();
            if (i >= start) {
                c.reply.bulk(e);
            }
        }
    }

    /** LPOS key element [RANK rank] [COUNT n] [MAXLEN len]: options read before the key, as Redis does. */
    private static void lpos(Call c) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int i = 3; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            if (more && c.is(i, "rank")) {
                rank = c.longArg(++i);
                if (rank == 0) {
                    throw RespError.err("RANK can't be zero: use 1 to start from the first match, 2 from the second "
                            + "... or use negative to start from the end of the list");
                }
            } else if (more && c.is(i, "count")) {
                count = Args.notNegative(c, ++i, LPOS_COUNT);
            } else if (more && c.is(i, "maxlen")) {
                maxlen = Args.notNegative(c, ++i, LPOS_MAXLEN);
            } else {
                throw Errors.SYNTAX;
            }
        }
        ArrayDeque<byte[]> list = Values.list(c.db().get(c.key(1)));
        if (list == null) {
            if (count >= 0) {
                c.reply.arrayHeader(0);
            } else {
                c.reply.nullBulk();
            }
            return;
        }
        byte[] element = c.bytes(2);
        boolean fromHead = rank > 0;
        // Long.MIN_VALUE has no positive counterpart: it skips as many matches as any list can have.
        long skip = rank == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(rank) - 1;
        long wanted = count == 0 ? Long.MAX_VALUE : Math.max(count, 1);
        long limit = maxlen == 0 ? Long.MAX_VALUE : maxlen;
        List<Long> found = new ArrayList<>();
        Iterator<byte[]> it = fromHead ? list.iterator() : list.descendingIterator();
        int size = list.size();
        for (long seen = 0; it.hasNext() && seen < limit && found.size() < wanted; seen++) {
            if (Arrays.equals(it.next(), element)) {
                if (skip > 0) {
                    skip--;
                } else {
                    found.add(fromHead ? seen : size - 1 - seen);
                }
            }
        }
        if (count < 0) {
            if (found.isEmpty()) {
                c.reply.nullBulk();
            } else {
                c.reply.integer(found.get(0));
            }
            return;
        }
        c.reply.arrayHeader(found.size());
        for (long index : found) {
            c.reply.integer(index);
        }
    }

    private static final RespError LPOS_COUNT = RespError.err("COUNT can't be negative");
    private static final RespError LPOS_MAXLEN = RespError.err("MAXLEN can't be negative");

    private static void lset(Call c) {
        long index = c.longArg(2);
        Database db = c.db();
        String key = c.key(1);
        ArrayDeque<byte[]> list = Values.list(db.peek(key));
        if (list == null) {
            throw Errors.NO_SUCH_KEY;
        }
        long i = index < 0 ? list.size() + index : index;
        if (i < 0 || i >= list.size()) {
            throw Errors.INDEX_OUT_OF_RANGE;
        }
        byte[][] all = list.toArray(new byte[0][]);
        byte[] value = c.bytes(3);
        long delta = value.length - (long) all[(int) i].length;
        all[(int) i] = value;
        list.clear();
        list.addAll(Arrays.asList(all));
        db.changed(key, delta);
        c.reply.ok();
    }

    private static void lrem(Call c) {
        long count = c.longArg(2);
        Database db = c.db();
        String key = c.key(1);
        ArrayDeque<byte[]> list = Values.list(db.peek(key));
        if (list == null) {
            c.reply.integer(0);
            return;
        }
        byte[] value = c.bytes(3);
        long removed = 0;
        long delta = 0;
        Iterator<byte[]> it = count < 0 ? list.descendingIterator() : list.iterator();
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        while (it.hasNext() && removed < limit) {
            byte[] e = it.next();
            if (Arrays.equals(e, value)) {
                it.remove();
                removed++;
                delta -= cost(e);
            }
        }
        removeIfEmpty(db, key, list, delta);
        c.reply.integer(removed);
    }

    private static void ltrim(Call c) {
        long start = c.longArg(2);
        long stop = c.longArg(3);
        Database db = c.db();
        String key = c.key(1);
        ArrayDeque<byte[]> list = Values.list(db.peek(key));
        if (list == null) {
            c.reply.ok();
            return;
        }
        long size = list.size();
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (stop < 0) {
            stop = size + stop;
        }
        long delta = 0;
        if (start > stop || start >= size) {
            for (byte[] e : list) {
                delta -= cost(e);
            }
            list.clear();
        } else {
            stop = Math.min(stop, size - 1);
            for (long i = 0; i < start; i++) {
                delta -= cost(list.pollFirst());
            }
            for (long i = size - 1; i > stop; i--) {
                delta -= cost(list.pollLast());
            }
        }
        removeIfEmpty(db, key, list, delta);
        c.reply.ok();
    }

    private static void linsert(Call c) {
        boolean before;
        if (c.is(2, "before")) {
            before = true;
        } else if (c.is(2, "after")) {
            before = false;
        } else {
            throw Errors.SYNTAX;
        }
        Database db = c.db();
        String key = c.key(1);
        ArrayDeque<byte[]> list = Values.list(db.peek(key));
        if (list == null) {
            c.reply.integer(0);
            return;
        }
        byte[] pivot = c.bytes(3);
        ArrayList<byte[]> all = new ArrayList<>(list);
        int at = -1;
        for (int i = 0; i < all.size(); i++) {
            if (Arrays.equals(all.get(i), pivot)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            c.reply.integer(-1);
            return;
        }
        byte[] value = c.bytes(4);
        all.add(before ? at : at + 1, value);
        list.clear();
        list.addAll(all);
        db.changed(key, cost(value));
        c.reply.integer(list.size());
    }

    private static void move(Call c, boolean fromLeft, boolean toLeft) {
        Database db = c.db();
        String from = c.key(1);
        String to = c.key(2);
        ArrayDeque<byte[]> source = Values.list(db.peek(from));
        if (source == null) {
            c.reply.nullBulk();
            return;
        }
        Values.list(db.peek(to));
        byte[] e = fromLeft ? source.pollFirst() : source.pollLast();
        removeIfEmpty(db, from, source, -cost(e));
        // Looked up again: the source may have been the target and may have just been removed.
        ArrayDeque<byte[]> target = Values.list(db.peek(to));
        if (target == null) {
            target = new ArrayDeque<>();
            db.put(to, target);
            c.filled(to);
        }
        if (toLeft) {
            target.addFirst(e);
        } else {
            target.addLast(e);
        }
        db.changed(to, cost(e));
        c.reply.bulk(e);
    }
}
