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

import dev.patchbay.api.keyspace.Database;

/**
 * The list commands of Redis 7.0 (the blocking ones are still to come). A list is an
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
        t.add("lset", 4, WRITE | DENYOOM | DB, GROUP, ListCommands::lset);
        t.add("lrem", 4, WRITE | DB, GROUP, ListCommands::lrem);
        t.add("ltrim", 4, WRITE | DB, GROUP, ListCommands::ltrim);
        t.add("linsert", 5, WRITE | DENYOOM | DB, GROUP, ListCommands::linsert);
        t.add("rpoplpush", 3, WRITE | DENYOOM | DB, GROUP, c -> move(c, false, true));
        t.add("lmove", 5, WRITE | DENYOOM | DB, GROUP, c -> {
            boolean fromLeft = side(c, 3);
            boolean toLeft = side(c, 4);
            move(c, fromLeft, toLeft);
        });
    }

    static long cost(byte[] element) {
        return Database.LIST_ELEMENT_OVERHEAD + element.length;
    }

    private static boolean side(Call c, int i) {
        if (c.is(i, "left")) {
            return true;
        }
        if (c.is(i, "right")) {
            return false;
        }
        throw Errors.SYNTAX;
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
            count = c.longArg(2, Errors.NOT_POSITIVE);
            if (count < 0) {
                throw Errors.NOT_POSITIVE;
            }
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
