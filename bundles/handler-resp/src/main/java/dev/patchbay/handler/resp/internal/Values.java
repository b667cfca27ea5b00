package dev.patchbay.handler.resp.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;

import dev.patchbay.api.keyspace.ScoredSet;

/** The keyspace's value types, checked: each getter answers WRONGTYPE for a value of another type. */
final class Values {

    private Values() {
    }

    static String type(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof byte[]) {
            return "string";
        }
        if (v instanceof ArrayDeque<?>) {
            return "list";
        }
        if (v instanceof HashMap<?, ?>) {
            return "hash";
        }
        if (v instanceof HashSet<?>) {
            return "set";
        }
        if (v instanceof ScoredSet) {
            return "zset";
        }
        return "none";
    }

    static byte[] string(Object v) {
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        throw Errors.WRONGTYPE;
    }

    @SuppressWarnings("unchecked")
    static ArrayDeque<byte[]> list(Object v) {
        if (v == null || v instanceof ArrayDeque<?>) {
            return (ArrayDeque<byte[]>) v;
        }
        throw Errors.WRONGTYPE;
    }

    @SuppressWarnings("unchecked")
    static HashMap<String, byte[]> hash(Object v) {
        if (v == null || v instanceof HashMap<?, ?>) {
            return (HashMap<String, byte[]>) v;
        }
        throw Errors.WRONGTYPE;
    }

    @SuppressWarnings("unchecked")
    static HashSet<String> set(Object v) {
        if (v == null || v instanceof HashSet<?>) {
            return (HashSet<String>) v;
        }
        throw Errors.WRONGTYPE;
    }

    static ScoredSet zset(Object v) {
        if (v == null || v instanceof ScoredSet) {
            return (ScoredSet) v;
        }
        throw Errors.WRONGTYPE;
    }

    /** A deep copy, for COPY: stored collections are changed in place, so they must not be shared. */
    @SuppressWarnings("unchecked")
    static Object copy(Object v, dev.patchbay.api.keyspace.Keyspace ks) {
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof ArrayDeque<?> l) {
            return new ArrayDeque<>((ArrayDeque<byte[]>) l);
        }
        if (v instanceof HashMap<?, ?> h) {
            return new HashMap<>((HashMap<String, byte[]>) h);
        }
        if (v instanceof HashSet<?> s) {
            return new HashSet<>((HashSet<String>) s);
        }
        ScoredSet from = (ScoredSet) v;
        ScoredSet to = ks.newScoredSet();
        from.forEach((m, s) -> {
            to.put(m, s);
            return true;
        });
        return to;
    }
}
