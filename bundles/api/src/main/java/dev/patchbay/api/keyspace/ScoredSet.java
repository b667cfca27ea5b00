package dev.patchbay.api.keyspace;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A sorted set value: members (ISO-8859-1 strings, as keys) with a score each, ordered by
 * score, then by member bytewise. Created by {@link Keyspace#newScoredSet()}; used under the
 * lock of the database holding it.
 */
@ProviderType
public interface ScoredSet {

    /** Receives members with their scores. Return {@code false} to stop. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(String member, double score);
    }

    int size();

    /** The score of {@code member}, or {@code NaN} if it is not a member. */
    double score(String member);

    /** Adds {@code member} or changes its score; whether it was new. */
    boolean put(String member, double score);

    /** Removes {@code member}; whether it was one. */
    boolean remove(String member);

    /** The 0-based rank of {@code member} in ascending order (descending if {@code reverse}), or -1. */
    long rank(String member, boolean reverse);

    /**
     * Visits the members with ascending ranks {@code start..stop} (both inclusive, both within
     * {@code 0..size()-1}), in ascending order, or descending ranks when {@code reverse}.
     */
    void byRank(long start, long stop, boolean reverse, Visitor visitor);

    /**
     * Visits the members with scores between {@code min} and {@code max} (each bound excluded
     * when its flag says so), in ascending order or descending when {@code reverse}.
     */
    void byScore(double min, boolean minExclusive, double max, boolean maxExclusive, boolean reverse,
            Visitor visitor);

    /** Visits every member in ascending order. */
    default void forEach(Visitor visitor) {
        byScore(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false, false, visitor);
    }
}
