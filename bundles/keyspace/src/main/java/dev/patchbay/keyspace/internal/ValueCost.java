package dev.patchbay.keyspace.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.ScoredSet;

/**
 * The memory estimate of a stored value, by the formulas the {@link Database} constants
 * document; handlers report in-place changes with the same formulas, so the sums agree.
 * Collections are summed element by element: O(n), as freeing them is in Redis.
 */
final class ValueCost {

    private ValueCost() {
    }

    static long entry(String key, Object value) {
        return Database.KEY_OVERHEAD + key.length() + value(value);
    }

    @SuppressWarnings("unchecked")
    static long value(Object value) {
        if (value instanceof byte[] b) {
            return Database.STRING_OVERHEAD + b.length;
        }
        long total = Database.COLLECTION_OVERHEAD;
        if (value instanceof ArrayDeque<?> list) {
            for (Object e : list) {
                total += Database.LIST_ELEMENT_OVERHEAD + ((byte[]) e).length;
            }
        } else if (value instanceof HashMap<?, ?> hash) {
            for (Map.Entry<String, byte[]> e : ((HashMap<String, byte[]>) hash).entrySet()) {
                total += Database.HASH_FIELD_OVERHEAD + e.getKey().length() + e.getValue().length;
            }
        } else if (value instanceof HashSet<?> set) {
            for (Object m : set) {
                total += Database.SET_MEMBER_OVERHEAD + ((String) m).length();
            }
        } else if (value instanceof ScoredSet zset) {
            long[] sum = {0};
            zset.forEach((member, score) -> {
                sum[0] += Database.SCORED_MEMBER_OVERHEAD + member.length();
                return true;
            });
            total += sum[0];
        } else {
            throw new IllegalArgumentException("not a keyspace value type: " + value.getClass().getName());
        }
        return total;
    }
}
