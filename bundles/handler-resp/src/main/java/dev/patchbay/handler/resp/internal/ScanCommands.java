package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.READONLY;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.ScoredSet;

/**
 * SCAN, HSCAN, SSCAN, ZSCAN: one parser for their cursor and {@code MATCH}/{@code COUNT}
 * ({@code TYPE} for SCAN), and one cursor for collections, {@link #scan}, whose guarantee
 * holds whatever the map's size does meanwhile.
 */
final class ScanCommands {

    private static final RespError INVALID_CURSOR = RespError.err("invalid cursor");
    /** Cursors are unsigned 32-bit: the space of String.hashCode. */
    private static final long LAST = 0xffff_ffffL;

    private ScanCommands() {
    }

    static void register(CommandTable t) {
        t.add("scan", -2, READONLY | DB, "generic", ScanCommands::keys);
        t.add("hscan", -3, READONLY | DB, "hash", c -> members(c, 'h'));
        t.add("sscan", -3, READONLY | DB, "set", c -> members(c, 's'));
        t.add("zscan", -3, READONLY | DB, "sorted-set", c -> members(c, 'z'));
    }

    /** The options after the cursor at {@code cursorAt}. */
    private record Options(long cursor, String pattern, long count, String type) {

        static Options parse(Call c, int cursorAt, boolean typed) {
            long cursor;
            try {
                cursor = Long.parseUnsignedLong(c.text(cursorAt));
            } catch (NumberFormatException e) {
                throw INVALID_CURSOR;
            }
            String pattern = null;
            String type = null;
            long count = 10;
            for (int i = cursorAt + 1; i < c.argc(); i++) {
                if (c.is(i, "match") && i + 1 < c.argc()) {
                    pattern = c.key(++i);
                } else if (c.is(i, "count") && i + 1 < c.argc()) {
                    count = c.longArg(++i);
                    if (count < 1) {
                        throw Errors.SYNTAX;
                    }
                } else if (typed && c.is(i, "type") && i + 1 < c.argc()) {
                    type = c.text(++i);
                } else {
                    throw Errors.SYNTAX;
                }
            }
            return new Options(cursor, pattern, count, type);
        }

        boolean matches(String s) {
            return pattern == null || Glob.matches(pattern, s);
        }

        int countInt() {
            return (int) Math.min(count, Integer.MAX_VALUE);
        }
    }

    private static void keys(Call c) {
        Options o = Options.parse(c, 1, true);
        Database db = c.db();
        List<String> keys = new ArrayList<>();
        long next = db.scan(o.cursor(), o.countInt(), k -> {
            if (o.matches(k) && (o.type() == null || o.type().equalsIgnoreCase(Values.type(db.peek(k))))) {
                keys.add(k);
            }
        });
        c.reply.arrayHeader(2);
        c.reply.bulk(Long.toUnsignedString(next));
        c.reply.arrayHeader(keys.size());
        for (String k : keys) {
            c.reply.bulk(k);
        }
    }

    private static void members(Call c, char kind) {
        Options o = Options.parse(c, 2, false);
        Object v = c.db().get(c.key(1));
        List<Object> out = new ArrayList<>();
        long next = 0;
        if (kind == 'h') {
            HashMap<String, byte[]> h = Values.hash(v);
            if (h != null) {
                next = scan(h.keySet()::forEach, o.cursor(), o.countInt(), f -> {
                    if (o.matches(f)) {
                        out.add(f);
                        out.add(h.get(f));
                    }
                });
            }
        } else if (kind == 's') {
            HashSet<String> s = Values.set(v);
            if (s != null) {
                next = scan(s::forEach, o.cursor(), o.countInt(), m -> {
                    if (o.matches(m)) {
                        out.add(m);
                    }
                });
            }
        } else {
            ScoredSet z = Values.zset(v);
            if (z != null) {
                Consumer<Consumer<String>> all = each -> z.forEach((m, score) -> {
                    each.accept(m);
                    return true;
                });
                next = scan(all, o.cursor(), o.countInt(), m -> {
                    if (o.matches(m)) {
                        out.add(m);
                        out.add(Numbers.g17(z.score(m)));
                    }
                });
            }
        }
        c.reply.arrayHeader(2);
        c.reply.bulk(Long.toUnsignedString(next));
        c.reply.arrayHeader(out.size());
        for (Object e : out) {
            if (e instanceof String s) {
                c.reply.bulk(s);
            } else {
                c.reply.bulk((byte[]) e);
            }
        }
    }

    /**
     * A cursor over members ordered by their unsigned {@code hashCode}: each call returns the
     * members whose hash is from {@code cursor} up to the {@code count}-th smallest such hash
     * (all members sharing that hash included), and the next cursor just past it, 0 when none
     * is left. As the order depends on the members alone, a member present for the whole
     * iteration is returned exactly once however the collection grows or shrinks. One pass to
     * find the bound, one to return: O(size) per call.
     */
    static long scan(Consumer<Consumer<String>> members, long cursor, int count, Consumer<String> action) {
        if (cursor > LAST) {
            return 0;
        }
        BoundedHeap heap = new BoundedHeap(Math.min(count, 1024));
        members.accept(m -> {
            long h = m.hashCode() & LAST;
            if (h >= cursor) {
                heap.offer(h);
            }
        });
        if (heap.size == 0) {
            return 0;
        }
        long bound = heap.full() ? heap.max() : LAST;
        members.accept(m -> {
            long h = m.hashCode() & LAST;
            if (h >= cursor && h <= bound) {
                action.accept(m);
            }
        });
        return bound >= LAST ? 0 : bound + 1;
    }

    /** The {@code capacity} smallest values offered: a max-heap, its top the largest kept. */
    private static final class BoundedHeap {
        private final long[] a;
        int size;

        BoundedHeap(int capacity) {
            a = new long[capacity];
        }

        boolean full() {
            return size == a.length;
        }

        long max() {
            return a[0];
        }

        void offer(long v) {
            if (size < a.length) {
                int i = size++;
                a[i] = v;
                while (i > 0 && a[(i - 1) / 2] < a[i]) {
                    swap(i, (i - 1) / 2);
                    i = (i - 1) / 2;
                }
            } else if (v < a[0]) {
                a[0] = v;
                int i = 0;
                while (true) {
                    int l = 2 * i + 1;
                    int r = l + 1;
                    int big = i;
                    if (l < size && a[l] > a[big]) {
                        big = l;
                    }
                    if (r < size && a[r] > a[big]) {
                        big = r;
                    }
                    if (big == i) {
                        return;
                    }
                    swap(i, big);
                    i = big;
                }
            }
        }

        private void swap(int i, int j) {
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
