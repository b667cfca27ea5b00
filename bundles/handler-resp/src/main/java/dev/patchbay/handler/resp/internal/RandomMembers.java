package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.READONLY;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.patchbay.api.keyspace.ScoredSet;

/**
 * ZRANDMEMBER and HRANDFIELD, with Redis 7.0's count forms: a positive count picks distinct
 * members (all of them when it reaches the size), a negative one picks that many with repeats.
 */
final class RandomMembers {

    private static final RespError COUNT_RANGE = RespError.err(
            "value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RespError OUT_OF_RANGE = RespError.err("value is out of range");
    /** Past half of Long.MAX_VALUE, a count with scores would overflow the reply's element count. */
    private static final long PAIRS_MAX = Long.MAX_VALUE / 2;

    private RandomMembers() {
    }

    static void register(CommandTable t) {
        t.add("zrandmember", -2, READONLY | DB, "sorted-set", RandomMembers::zrandmember);
        t.add("hrandfield", -2, READONLY | DB, "hash", RandomMembers::hrandfield);
    }

    /**
     * The count (argument 2) and whether the pairs option (argument 3) is given, checked in
     * Redis's order; the key is read only after.
     */
    private static long count(Call c, String pairsOption) {
        long l = c.longArg(2);
        if (l == Long.MIN_VALUE) {
            throw COUNT_RANGE;
        }
        if (c.argc() > 4 || (c.argc() == 4 && !c.is(3, pairsOption))) {
            throw Errors.SYNTAX;
        }
        if (c.argc() == 4 && (l < -PAIRS_MAX || l > PAIRS_MAX)) {
            throw OUT_OF_RANGE;
        }
        return Args.repeatedPicks(l);
    }

    private static void zrandmember(Call c) {
        if (c.argc() == 2) {
            ScoredSet z = Values.zset(c.db().get(c.key(1)));
            if (z == null) {
                c.reply.nullBulk();
            } else {
                c.reply.bulk(at(z, ThreadLocalRandom.current().nextInt(z.size()))[0]);
            }
            return;
        }
        long count = count(c, "withscores");
        boolean withScores = c.argc() == 4;
        ScoredSet z = Values.zset(c.db().get(c.key(1)));
        if (z == null || count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        int size = z.size();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (count < 0) {
            c.reply.arrayHeader(withScores ? -count * 2 : -count);
            for (long i = 0; i < -count; i++) {
                String[] picked = at(z, random.nextInt(size));
                reply(c, picked[0], withScores, picked[1]);
            }
            return;
        }
        if (count >= size) {
            // The whole set, highest score first, as redis-server lists it.
            c.reply.arrayHeader(withScores ? size * 2L : size);
            z.byRank(0, size - 1, true, (m, s) -> {
                reply(c, m, withScores, Numbers.g17(s));
                return true;
            });
            return;
        }
        int n = (int) count;
        c.reply.arrayHeader(withScores ? n * 2L : n);
        // Selection sampling over ranks: n distinct members in one ordered walk.
        int[] left = {size};
        int[] chosen = {0};
        z.byRank(0, size - 1, false, (m, s) -> {
            if (random.nextInt(left[0]--) < n - chosen[0]) {
                chosen[0]++;
                reply(c, m, withScores, Numbers.g17(s));
            }
            return chosen[0] < n;
        });
    }

    private static void hrandfield(Call c) {
        if (c.argc() == 2) {
            HashMap<String, byte[]> h = Values.hash(c.db().get(c.key(1)));
            if (h == null) {
                c.reply.nullBulk();
            } else {
                c.reply.bulk(sample(h.keySet(), 1).get(0));
            }
            return;
        }
        long count = count(c, "withvalues");
        boolean withValues = c.argc() == 4;
        HashMap<String, byte[]> h = Values.hash(c.db().get(c.key(1)));
        if (h == null || count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        List<String> fields;
        if (count < 0) {
            // One copy of the fields, then each pick O(1).
            String[] all = h.keySet().toArray(new String[0]);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            c.reply.arrayHeader(withValues ? -count * 2 : -count);
            for (long i = 0; i < -count; i++) {
                String f = all[random.nextInt(all.length)];
                c.reply.bulk(f);
                if (withValues) {
                    c.reply.bulk(h.get(f));
                }
            }
            return;
        }
        fields = count >= h.size() ? new ArrayList<>(h.keySet()) : sample(h.keySet(), (int) count);
        c.reply.arrayHeader(withValues ? fields.size() * 2L : fields.size());
        for (String f : fields) {
            c.reply.bulk(f);
            if (withValues) {
                c.reply.bulk(h.get(f));
            }
        }
    }

    private static void reply(Call c, String member, boolean withScore, String score) {
        c.reply.bulk(member);
        if (withScore) {
            c.reply.bulk(score);
        }
    }

    /** The member of ascending rank {@code rank} and its score, formatted. */
    private static String[] at(ScoredSet z, long rank) {
        String[] out = new String[2];
        z.byRank(rank, rank, false, (m, s) -> {
            out[0] = m;
            out[1] = Numbers.g17(s);
            return false;
        });
        return out;
    }

    /**
     * {@code n} distinct elements chosen uniformly in one pass (Knuth's selection sampling), in
     * iteration order: O(size) per command rather than per member. The stored maps and sets offer
     * no random access, so a single member still costs a walk to it.
     */
    static List<String> sample(Collection<String> from, int n) {
        List<String> out = new ArrayList<>(n);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int left = from.size();
        for (Iterator<String> it = from.iterator(); it.hasNext() && out.size() < n; left--) {
            String m = it.next();
            if (random.nextInt(left) < n - out.size()) {
                out.add(m);
            }
        }
        return out;
    }
}
