package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.DENYOOM;
import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.READONLY;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import java.util.ArrayList;
import java.util.List;

import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.ScoredSet;

/**
 * The sorted-set commands that work on a range, by rank, score or (for members of equal
 * score) member bytes: ZRANGE in all its forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and the
 * ZREMRANGEBY* commands. One parser reads ZRANGE's options for every form, in Redis's order of
 * checks.
 */
final class SortedSetRanges {

    private static final String GROUP = "sorted-set";
    static final RespError NOT_LEX_RANGE = RespError.err("min or max not valid string range item");

    private static final int AUTO = 0;
    private static final int RANK = 1;
    private static final int SCORE = 2;
    private static final int LEX = 3;

    private SortedSetRanges() {
    }

    static void register(CommandTable t) {
        t.add("zrange", -4, READONLY | DB, GROUP, c -> range(c, 1, AUTO, false, true, false));
        t.add("zrevrange", -4, READONLY | DB, GROUP, c -> range(c, 1, RANK, true, false, false));
        t.add("zrangebyscore", -4, READONLY | DB, GROUP, c -> range(c, 1, SCORE, false, false, false));
        t.add("zrevrangebyscore", -4, READONLY | DB, GROUP, c -> range(c, 1, SCORE, true, false, false));
        t.add("zrangebylex", -4, READONLY | DB, GROUP, c -> range(c, 1, LEX, false, false, false));
        t.add("zrevrangebylex", -4, READONLY | DB, GROUP, c -> range(c, 1, LEX, true, false, false));
        t.add("zrangestore", -5, WRITE | DENYOOM | DB, GROUP, c -> range(c, 2, AUTO, false, true, true));
        t.add("zcount", 4, READONLY | DB | FAST, GROUP, c -> count(c, SCORE));
        t.add("zlexcount", 4, READONLY | DB | FAST, GROUP, c -> count(c, LEX));
        t.add("zremrangebyrank", 4, WRITE | DB, GROUP, c -> remove(c, RANK));
        t.add("zremrangebyscore", 4, WRITE | DB, GROUP, c -> remove(c, SCORE));
        t.add("zremrangebylex", 4, WRITE | DB, GROUP, c -> remove(c, LEX));
    }

    /** A lexicographic bound: "-", "+", "[member" (inclusive) or "(member" (exclusive). */
    record LexBound(String member, boolean exclusive, int infinity) {

        static LexBound parse(Call c, int arg) {
            int len = c.length(arg);
            byte first = len == 0 ? 0 : c.input()[c.offset(arg)];
            if (len == 1 && first == '-') {
                return new LexBound(null, false, -1);
            }
            if (len == 1 && first == '+') {
                return new LexBound(null, false, 1);
            }
            if (first == '[' || first == '(') {
                return new LexBound(c.key(arg).substring(1), first == '(', 0);
            }
            throw NOT_LEX_RANGE;
        }

        boolean above(String m) {
            if (infinity != 0) {
                return infinity < 0;
            }
            int cmp = m.compareTo(member);
            return exclusive ? cmp > 0 : cmp >= 0;
        }

        boolean below(String m) {
            if (infinity != 0) {
                return infinity > 0;
            }
            int cmp = m.compareTo(member);
            return exclusive ? cmp < 0 : cmp <= 0;
        }
    }

    /** What a range selects: members and scores in the order asked, past the LIMIT offset. */
    private static final class Selection implements ScoredSet.Visitor {
        final List<String> members = new ArrayList<>();
        final List<Double> scores = new ArrayList<>();
        LexBound lexMin;
        LexBound lexMax;
        long skip;
        long left = Long.MAX_VALUE;
        boolean reverse;

        @Override
        public boolean visit(String member, double score) {
            if (lexMin != null) {
                // Members of equal score are in byte order: the range is contiguous, so a member
                // outside it is either not reached yet (go on) or past it (stop).
                boolean aboveMin = lexMin.above(member);
                boolean belowMax = lexMax.below(member);
                if (!aboveMin || !belowMax) {
                    return reverse ? !belowMax : !aboveMin;
                }
            }
            if (skip > 0) {
                skip--;
                return true;
            }
            members.add(member);
            scores.add(score);
            return --left > 0;
        }
    }

    /**
     * ZRANGE and its older forms: the key at {@code keyAt}, the range after it, then options;
     * {@code type} and {@code reverse} as the command fixes them ({@code AUTO} lets the options say).
     */
    private static void range(Call c, int keyAt, int type, boolean reverse, boolean options, boolean store) {
        boolean withScores = false;
        boolean limited = false;
        long offset = 0;
        long count = -1;
        boolean revSet = !options;
        for (int i = keyAt + 3; i < c.argc(); i++) {
            int left = c.argc() - i - 1;
            if (c.is(i, "withscores")) {
                withScores = true;
            } else if (c.is(i, "limit") && left >= 2) {
                offset = c.longArg(i + 1);
                count = c.longArg(i + 2);
                limited = true;
                i += 2;
            } else if (!revSet && c.is(i, "rev")) {
                reverse = true;
                revSet = true;
            } else if (options && type == AUTO && c.is(i, "bylex")) {
                type = LEX;
            } else if (options && type == AUTO && c.is(i, "byscore")) {
                type = SCORE;
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (type == AUTO) {
            type = RANK;
        }
        if (limited && type == RANK) {
            throw RespError.err("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == LEX) {
            throw RespError.err("syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        if (withScores && store) {
            throw Errors.SYNTAX;
        }
        // The reversed forms take max first.
        int minAt = reverse && type != RANK ? keyAt + 2 : keyAt + 1;
        int maxAt = reverse && type != RANK ? keyAt + 1 : keyAt + 2;
        Selection sel = new Selection();
        sel.reverse = reverse;
        if (limited) {
            sel.skip = offset < 0 ? 0 : offset;
            sel.left = count < 0 ? Long.MAX_VALUE : count;
        }
        boolean empty = limited && (offset < 0 || count == 0);
        Database db = c.db();
        ScoredSet z;
        if (type == RANK) {
            long start = c.longArg(minAt);
            long stop = c.longArg(maxAt);
            z = Values.zset(store ? db.peek(c.key(keyAt)) : db.get(c.key(keyAt)));
            byRank(z, start, stop, reverse, sel);
        } else if (type == SCORE) {
            ScoreBound min = ScoreBound.parse(c, minAt);
            ScoreBound max = ScoreBound.parse(c, maxAt);
            z = Values.zset(store ? db.peek(c.key(keyAt)) : db.get(c.key(keyAt)));
            if (z != null && !empty) {
                z.byScore(min.value(), min.exclusive(), max.value(), max.exclusive(), reverse, sel);
            }
        } else {
            sel.lexMin = LexBound.parse(c, minAt);
            sel.lexMax = LexBound.parse(c, maxAt);
            z = Values.zset(store ? db.peek(c.key(keyAt)) : db.get(c.key(keyAt)));
            if (z != null && !empty) {
                z.byRank(0, z.size() - 1, reverse, sel);
            }
        }
        if (store) {
            store(c, db, sel);
            return;
        }
        int n = sel.members.size();
        c.reply.arrayHeader(withScores ? n * 2L : n);
        for (int k = 0; k < n; k++) {
            c.reply.bulk(sel.members.get(k));
            if (withScores) {
                c.reply.bulk(Numbers.g17(sel.scores.get(k)));
            }
        }
    }

    private static void store(Call c, Database db, Selection sel) {
        String dest = c.key(1);
        db.remove(dest);
        int n = sel.members.size();
        if (n > 0) {
            ScoredSet z = c.keyspace().newScoredSet();
            long cost = 0;
            for (int k = 0; k < n; k++) {
                z.put(sel.members.get(k), sel.scores.get(k));
                cost += SortedSetCommands.cost(sel.members.get(k));
            }
            db.put(dest, z);
            db.changed(dest, cost);
            c.filled(dest);
        }
        c.reply.integer(n);
    }

    /** The members of the range of {@code type} given by arguments 2 and 3 of key 1, in ascending order. */
    private static Selection select(Call c, int type, ScoredSet z) {
        Selection sel = new Selection();
        if (type == RANK) {
            byRank(z, c.longArg(2), c.longArg(3), false, sel);
        } else if (type == SCORE) {
            ScoreBound min = ScoreBound.parse(c, 2);
            ScoreBound max = ScoreBound.parse(c, 3);
            if (z != null) {
                z.byScore(min.value(), min.exclusive(), max.value(), max.exclusive(), false, sel);
            }
        } else {
            sel.lexMin = LexBound.parse(c, 2);
            sel.lexMax = LexBound.parse(c, 3);
            if (z != null) {
                z.byRank(0, z.size() - 1, false, sel);
            }
        }
        return sel;
    }

    /** Visits ranks {@code start..stop} of {@code z} (null: none), negative ranks counting from the end, as ZRANGE reads them. */
    private static void byRank(ScoredSet z, long start, long stop, boolean reverse, Selection sel) {
        if (z == null) {
            return;
        }
        long size = z.size();
        long from = start < 0 ? Math.max(0, size + start) : start;
        long to = Math.min(stop < 0 ? size + stop : stop, size - 1);
        if (from <= to && from < size) {
            z.byRank(from, to, reverse, sel);
        }
    }

    private static void count(Call c, int type) {
        ScoredSet z = Values.zset(c.db().get(c.key(1)));
        c.reply.integer(select(c, type, z).members.size());
    }

    private static void remove(Call c, int type) {
        Database db = c.db();
        String key = c.key(1);
        ScoredSet z = Values.zset(db.peek(key));
        Selection sel = select(c, type, z);
        long delta = 0;
        for (String m : sel.members) {
            z.remove(m);
            delta -= SortedSetCommands.cost(m);
        }
        if (z != null && !sel.members.isEmpty()) {
            db.changed(key, delta);
            if (z.size() == 0) {
                db.remove(key);
            }
        }
        c.reply.integer(sel.members.size());
    }
}
