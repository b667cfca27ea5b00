package dev.patchbay.keyspace.internal;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.TreeSet;

import dev.patchbay.api.keyspace.ScoredSet;

/**
 * A sorted set as a score per member (hash map) and the members in order (tree). Rank and
 * range by rank walk the tree from the nearer end, O(rank); a later version may use an
 * order-statistic tree as Redis's skiplist is.
 */
final class TreeScoredSet implements ScoredSet {

    /** One member in the order; also the probe for range bounds (member null: before or after every member of that score). */
    private record Member(double score, String name) {
    }

    private static final Comparator<Member> ORDER = (a, b) -> {
        int c = Double.compare(a.score, b.score);
        if (c != 0) {
            return c;
        }
        if (a.name == null || b.name == null) {
            return a.name == b.name ? 0 : (a.name == null ? -1 : 1);
        }
        return a.name.compareTo(b.name);
    };

    private final HashMap<String, Double> scores = new HashMap<>();
    private final TreeSet<Member> order = new TreeSet<>(ORDER);

    @Override
    public int size() {
        return scores.size();
    }

    @Override
    public double score(String member) {
        Double s = scores.get(member);
        return s == null ? Double.NaN : s;
    }

    @Override
    public boolean put(String member, double score) {
        Double old = scores.put(member, score);
        if (old != null) {
            if (old == score) {
                return false;
            }
            order.remove(new Member(old, member));
        }
        order.add(new Member(score, member));
        return old == null;
    }

    @Override
    public boolean remove(String member) {
        Double old = scores.remove(member);
        if (old == null) {
            return false;
        }
        order.remove(new Member(old, member));
        return true;
    }

    @Override
    public long rank(String member, boolean reverse) {
        Double s = scores.get(member);
        if (s == null) {
            return -1;
        }
        int below = order.headSet(new Member(s, member), false).size();
        return reverse ? scores.size() - 1 - below : below;
    }

    @Override
    public void byRank(long start, long stop, boolean reverse, Visitor visitor) {
        Iterator<Member> it = reverse ? order.descendingIterator() : order.iterator();
        long rank = 0;
        while (it.hasNext() && rank <= stop) {
            Member m = it.next();
            if (rank++ >= start && !visitor.visit(m.name, m.score)) {
                return;
            }
        }
    }

    @Override
    public void byScore(double min, boolean minExclusive, double max, boolean maxExclusive, boolean reverse,
            Visitor visitor) {
        if (min > max) {
            return;
        }
        // A null name sorts before every member of its score: the bounds start just before min
        // (ascending) or just before the first score above max (descending).
        Iterator<Member> it;
        if (!reverse) {
            it = order.tailSet(new Member(min, null), true).iterator();
        } else if (max == Double.POSITIVE_INFINITY) {
            it = order.descendingIterator();
        } else {
            it = order.headSet(new Member(Math.nextUp(max), null), false).descendingIterator();
        }
        while (it.hasNext()) {
            Member m = it.next();
            if (m.score < min || (minExclusive && m.score == min)) {
                if (reverse) {
                    return;
                }
                continue;
            }
            if (m.score > max || (maxExclusive && m.score == max)) {
                if (reverse) {
                    continue;
                }
                return;
            }
            if (!visitor.visit(m.name, m.score)) {
                return;
            }
        }
    }
}
