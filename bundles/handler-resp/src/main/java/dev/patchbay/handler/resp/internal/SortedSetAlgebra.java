package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.DENYOOM;
import static dev.patchbay.handler.resp.internal.Command.READONLY;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.ScoredSet;

/**
 * ZUNION, ZINTER, ZDIFF, their *STORE forms and ZINTERCARD, read and checked in the order of
 * Redis 7.0's zunionInterDiffGenericCommand: the key count, then every key's type, then the
 * options. Plain sets take part with a score of 1 for each member, as in Redis.
 */
final class SortedSetAlgebra {

    private static final String GROUP = "sorted-set";
    private static final RespError WEIGHT_NOT_FLOAT = RespError.err("weight value is not a float");
    static final RespError LIMIT_NEGATIVE = RespError.err("LIMIT can't be negative");
    /** Redis's zset-max-listpack-entries and zset-max-listpack-value defaults. */
    private static final int LISTPACK_ENTRIES = 128;
    private static final int LISTPACK_VALUE = 64;

    private enum Op { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    private SortedSetAlgebra() {
    }

    static void register(CommandTable t) {
        t.add("zunion", -3, READONLY | DB, GROUP, c -> combine(c, Op.UNION, false, false));
        t.add("zinter", -3, READONLY | DB, GROUP, c -> combine(c, Op.INTER, false, false));
        t.add("zdiff", -3, READONLY | DB, GROUP, c -> combine(c, Op.DIFF, false, false));
        t.add("zunionstore", -4, WRITE | DENYOOM | DB, GROUP, c -> combine(c, Op.UNION, true, false));
        t.add("zinterstore", -4, WRITE | DENYOOM | DB, GROUP, c -> combine(c, Op.INTER, true, false));
        t.add("zdiffstore", -4, WRITE | DENYOOM | DB, GROUP, c -> combine(c, Op.DIFF, true, false));
        t.add("zintercard", -3, READONLY | DB, GROUP, c -> combine(c, Op.INTER, false, true));
    }

    /** One input: a sorted set, a plain set (every score 1) or a missing key (empty), with its weight. */
    private static final class Source {
        final ScoredSet zset;
        final HashSet<String> set;
        double weight = 1;

        Source(Object value) {
            if (value instanceof ScoredSet z) {
                zset = z;
                set = null;
            } else if (value == null || value instanceof HashSet<?>) {
                zset = null;
                set = Values.set(value);
            } else {
                throw Errors.WRONGTYPE;
            }
        }

        int size() {
            return zset != null ? zset.size() : set != null ? set.size() : 0;
        }

        /** The member's score, NaN when absent. */
        double score(String member) {
            if (zset != null) {
                return zset.score(member);
            }
            return set != null && set.contains(member) ? 1 : Double.NaN;
        }

        void forEach(ScoredSet.Visitor v) {
            if (zset != null) {
                zset.forEach(v);
            } else if (set != null) {
                for (String m : set) {
                    if (!v.visit(m, 1)) {
                        return;
                    }
                }
            }
        }

        /** The weighted score, NaN (infinity times zero) read as 0, as Redis does. */
        double weighted(double score) {
            double w = weight * score;
            return Double.isNaN(w) ? 0 : w;
        }
    }

    private static void combine(Call c, Op op, boolean store, boolean cardOnly) {
        int numkeysAt = store ? 2 : 1;
        long setnum = c.longArg(numkeysAt);
        if (setnum < 1) {
            throw RespError.err("at least 1 input key is needed for '" + c.text(0).toLowerCase(Locale.ROOT)
                    + "' command");
        }
        if (setnum > c.argc() - (numkeysAt + 1)) {
            throw Errors.SYNTAX;
        }
        Database db = c.db();
        List<Source> sources = new ArrayList<>((int) setnum);
        int j = numkeysAt + 1;
        for (int i = 0; i < setnum; i++, j++) {
            sources.add(new Source(db.get(c.key(j))));
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        while (j < c.argc()) {
            int remaining = c.argc() - j;
            if (op != Op.DIFF && !cardOnly && remaining >= setnum + 1 && c.is(j, "weights")) {
                j++;
                for (Source s : sources) {
                    s.weight = c.doubleArg(j++, WEIGHT_NOT_FLOAT);
                }
            } else if (op != Op.DIFF && !cardOnly && remaining >= 2 && c.is(j, "aggregate")) {
                j++;
                if (c.is(j, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (c.is(j, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (c.is(j, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw Errors.SYNTAX;
                }
                j++;
            } else if (!store && !cardOnly && c.is(j, "withscores")) {
                j++;
                withScores = true;
            } else if (cardOnly && remaining >= 2 && c.is(j, "limit")) {
                limit = Args.notNegative(c, j + 1, LIMIT_NEGATIVE);
                j += 2;
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (op != Op.DIFF) {
            // Smallest first, as Redis orders them: the intersection walks the smallest input.
            sources.sort(Comparator.comparingInt(Source::size));
        }
        if (cardOnly) {
            c.reply.integer(interCard(sources, limit));
            return;
        }
        Map<String, Double> result = switch (op) {
            case UNION -> union(sources, aggregate);
            case INTER -> inter(sources, aggregate);
            case DIFF -> diff(sources);
        };
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(result.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        if (store) {
            store(c, db, sorted);
            return;
        }
        c.reply.arrayHeader(withScores ? sorted.size() * 2L : sorted.size());
        for (Map.Entry<String, Double> e : sorted) {
            c.reply.bulk(e.getKey());
            if (withScores) {
                c.reply.bulk(Numbers.g17(e.getValue()));
            }
        }
    }

    private static double aggregate(Aggregate how, double target, double value) {
        return switch (how) {
            case SUM -> {
                double sum = target + value;
                // inf + -inf: Redis keeps 0 rather than NaN.
                yield Double.isNaN(sum) ? 0 : sum;
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }

    private static Map<String, Double> union(List<Source> sources, Aggregate how) {
        Map<String, Double> acc = new HashMap<>();
        for (Source s : sources) {
            s.forEach((m, score) -> {
                double w = s.weighted(score);
                acc.merge(m, w, (old, v) -> aggregate(how, old, v));
                return true;
            });
        }
        return acc;
    }

    private static Map<String, Double> inter(List<Source> sources, Aggregate how) {
        Map<String, Double> acc = new HashMap<>();
        Source first = sources.get(0);
        if (first.size() == 0) {
            return acc;
        }
        first.forEach((m, score) -> {
            double total = first.weighted(score);
            for (int k = 1; k < sources.size(); k++) {
                Source other = sources.get(k);
                double s = other.score(m);
                if (Double.isNaN(s)) {
                    return true;
                }
                // Unlike the first input's, a NaN product here is not made 0 (Redis's zinter):
                // it turns a SUM into 0 and leaves a MIN or MAX as it was.
                total = aggregate(how, total, other.weight * s);
            }
            acc.put(m, total);
            return true;
        });
        return acc;
    }

    private static Map<String, Double> diff(List<Source> sources) {
        Map<String, Double> acc = new HashMap<>();
        sources.get(0).forEach((m, score) -> {
            for (int k = 1; k < sources.size(); k++) {
                if (!Double.isNaN(sources.get(k).score(m))) {
                    return true;
                }
            }
            acc.put(m, score);
            return true;
        });
        return acc;
    }

    /** Members in every input, counting up to {@code limit} (0: no limit). */
    private static long interCard(List<Source> sources, long limit) {
        long[] count = {0};
        sources.get(0).forEach((m, score) -> {
            for (int k = 1; k < sources.size(); k++) {
                if (Double.isNaN(sources.get(k).score(m))) {
                    return true;
                }
            }
            count[0]++;
            return limit == 0 || count[0] < limit;
        });
        return count[0];
    }

    /** Replaces the destination (first argument) with the result, waking clients that wait for it. */
    private static void store(Call c, Database db, List<Map.Entry<String, Double>> sorted) {
        String dest = c.key(1);
        db.remove(dest);
        if (!sorted.isEmpty()) {
            boolean compact = sorted.size() <= LISTPACK_ENTRIES;
            for (int k = 0; compact && k < sorted.size(); k++) {
                compact = sorted.get(k).getKey().length() <= LISTPACK_VALUE;
            }
            ScoredSet z = c.keyspace().newScoredSet();
            long cost = 0;
            for (Map.Entry<String, Double> e : sorted) {
                double score = e.getValue();
                // Redis keeps a small result as a listpack, which reads -0 back as 0.
                z.put(e.getKey(), compact && score == 0 ? 0.0 : score);
                cost += SortedSetCommands.cost(e.getKey());
            }
            db.put(dest, z);
            db.changed(dest, cost);
            c.filled(dest);
        }
        c.reply.integer(sorted.size());
    }
}
