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

/** The sorted-set commands of Redis 7.0 on members (ranges: {@link SortedSetRanges}; blocking pops: {@link BlockingCommands}). */
final class SortedSetCommands {

    private static final String GROUP = "sorted-set";

    private SortedSetCommands() {
    }

    static long cost(String member) {
        return Database.SCORED_MEMBER_OVERHEAD + member.length();
    }

    static void register(CommandTable t) {
        t.add("zadd", -4, WRITE | DENYOOM | DB | FAST, GROUP, SortedSetCommands::zadd);
        t.add("zincrby", 4, WRITE | DENYOOM | DB | FAST, GROUP, c -> {
            double by = c.doubleArg(2, Errors.NOT_FLOAT);
            Database db = c.db();
            String key = c.key(1);
            ScoredSet z = orCreate(c, db, key);
            String m = c.key(3);
            double old = z.score(m);
            double score = Double.isNaN(old) ? by : old + by;
            if (Double.isNaN(score)) {
                throw Errors.NAN_RESULT;
            }
            z.put(m, score);
            db.changed(key, Double.isNaN(old) ? cost(m) : 0);
            c.reply.bulk(Numbers.g17(score));
        });
        t.add("zscore", 3, READONLY | DB | FAST, GROUP, c -> {
            ScoredSet z = Values.zset(c.db().get(c.key(1)));
            double s = z == null ? Double.NaN : z.score(c.key(2));
            if (Double.isNaN(s)) {
                c.reply.nullBulk();
            } else {
                c.reply.bulk(Numbers.g17(s));
            }
        });
        t.add("zmscore", -3, READONLY | DB | FAST, GROUP, c -> {
            ScoredSet z = Values.zset(c.db().get(c.key(1)));
            c.reply.arrayHeader(c.argc() - 2L);
            for (int i = 2; i < c.argc(); i++) {
                double s = z == null ? Double.NaN : z.score(c.key(i));
                if (Double.isNaN(s)) {
                    c.reply.nullBulk();
                } else {
                    c.reply.bulk(Numbers.g17(s));
                }
            }
        });
        t.add("zcard", 2, READONLY | DB | FAST, GROUP, c -> {
            ScoredSet z = Values.zset(c.db().get(c.key(1)));
            c.reply.integer(z == null ? 0 : z.size());
        });
        t.add("zrem", -3, WRITE | DB | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            ScoredSet z = Values.zset(db.peek(key));
            if (z == null) {
                c.reply.integer(0);
                return;
            }
            long removed = 0;
            long delta = 0;
            for (int i = 2; i < c.argc(); i++) {
                String m = c.key(i);
                if (z.remove(m)) {
                    removed++;
                    delta -= cost(m);
                }
            }
            changed(db, key, z, delta);
            c.reply.integer(removed);
        });
        t.add("zrank", 3, READONLY | DB | FAST, GROUP, c -> rank(c, false));
        t.add("zrevrank", 3, READONLY | DB | FAST, GROUP, c -> rank(c, true));
        t.add("zpopmin", -2, WRITE | DB | FAST, GROUP, c -> pop(c, false));
        t.add("zpopmax", -2, WRITE | DB | FAST, GROUP, c -> pop(c, true));
    }

    private static ScoredSet orCreate(Call c, Database db, String key) {
        ScoredSet z = Values.zset(db.peek(key));
        if (z == null) {
            z = c.keyspace().newScoredSet();
            db.put(key, z);
            c.filled(key);
        }
        return z;
    }

    private static void changed(Database db, String key, ScoredSet z, long delta) {
        db.changed(key, delta);
        if (z.size() == 0) {
            db.remove(key);
        }
    }

    private static void zadd(Call c) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int i = 2;
        for (; i < c.argc(); i++) {
            if (c.is(i, "nx")) {
                nx = true;
            } else if (c.is(i, "xx")) {
                xx = true;
            } else if (c.is(i, "gt")) {
                gt = true;
            } else if (c.is(i, "lt")) {
                lt = true;
            } else if (c.is(i, "ch")) {
                ch = true;
            } else if (c.is(i, "incr")) {
                incr = true;
            } else {
                break;
            }
        }
        int pairs = c.argc() - i;
        if (pairs == 0 || pairs % 2 != 0) {
            throw Errors.SYNTAX;
        }
        if (nx && xx) {
            throw RespError.err("XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw RespError.err("GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && pairs > 2) {
            throw RespError.err("INCR option supports a single increment-element pair");
        }
        double[] scores = new double[pairs / 2];
        for (int k = 0; k < scores.length; k++) {
            scores[k] = c.doubleArg(i + 2 * k, Errors.NOT_FLOAT);
        }
        Database db = c.db();
        String key = c.key(1);
        ScoredSet z = Values.zset(db.peek(key));
        if (z == null) {
            if (xx) {
                if (incr) {
                    c.reply.nullBulk();
                } else {
                    c.reply.integer(0);
                }
                return;
            }
            z = orCreate(c, db, key);
        }
        long added = 0;
        long updated = 0;
        long delta = 0;
        double incrResult = Double.NaN;
        for (int k = 0; k < scores.length; k++) {
            String m = c.key(i + 2 * k + 1);
            double score = scores[k];
            double old = z.score(m);
            boolean exists = !Double.isNaN(old);
            if ((nx && exists) || (xx && !exists)) {
                continue;
            }
            if (incr && exists) {
                score = old + score;
                if (Double.isNaN(score)) {
                    throw Errors.NAN_RESULT;
                }
            }
            if (exists && ((gt && score <= old) || (lt && score >= old))) {
                continue;
            }
            incrResult = score;
            if (!exists) {
                z.put(m, score);
                added++;
                delta += cost(m);
            } else if (old != score) {
                z.put(m, score);
                updated++;
            }
        }
        changed(db, key, z, delta);
        if (incr) {
            if (Double.isNaN(incrResult)) {
                c.reply.nullBulk();
            } else {
                c.reply.bulk(Numbers.g17(incrResult));
            }
        } else {
            c.reply.integer(ch ? added + updated : added);
        }
    }

    private static void rank(Call c, boolean reverse) {
        ScoredSet z = Values.zset(c.db().get(c.key(1)));
        long r = z == null ? -1 : z.rank(c.key(2), reverse);
        if (r < 0) {
            c.reply.nullBulk();
        } else {
            c.reply.integer(r);
        }
    }

    private static void pop(Call c, boolean max) {
        if (c.argc() > 3) {
            throw Errors.SYNTAX;
        }
        long count = 1;
        if (c.argc() == 3) {
            count = Args.notNegative(c, 2, Errors.NOT_POSITIVE);
        }
        Database db = c.db();
        String key = c.key(1);
        ScoredSet z = Values.zset(db.peek(key));
        if (z == null || count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        List<String> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        long limit = Math.min(count, z.size());
        z.byRank(0, limit - 1, max, (m, s) -> {
            members.add(m);
            scores.add(s);
            return true;
        });
        long delta = 0;
        c.reply.arrayHeader(members.size() * 2L);
        for (int k = 0; k < members.size(); k++) {
            String m = members.get(k);
            z.remove(m);
            delta -= cost(m);
            c.reply.bulk(m);
            c.reply.bulk(Numbers.g17(scores.get(k)));
        }
        changed(db, key, z, delta);
    }
}
