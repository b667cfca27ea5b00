package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.DENYOOM;
import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.READONLY;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import dev.patchbay.api.keyspace.Database;

/** The hash commands of Redis 7.0. A hash is a {@link HashMap} of ISO-8859-1 field names to values. */
final class HashCommands {

    private static final String GROUP = "hash";
    private static final RespError NOT_INTEGER = RespError.err("hash value is not an integer");
    private static final RespError NOT_FLOAT = RespError.err("hash value is not a float");

    private HashCommands() {
    }

    static long cost(String field, byte[] value) {
        return Database.HASH_FIELD_OVERHEAD + field.length() + value.length;
    }

    static void register(CommandTable t) {
        t.add("hset", -4, WRITE | DENYOOM | DB | FAST, GROUP, c -> hset(c, "hset", false));
        t.add("hmset", -4, WRITE | DENYOOM | DB | FAST, GROUP, c -> hset(c, "hmset", true));
        t.add("hsetnx", 4, WRITE | DENYOOM | DB | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            HashMap<String, byte[]> hash = Values.hash(db.peek(key));
            String field = c.key(2);
            if (hash != null && hash.containsKey(field)) {
                c.reply.integer(0);
                return;
            }
            hash = orCreate(db, key, hash);
            byte[] value = c.bytes(3);
            hash.put(field, value);
            db.changed(key, cost(field, value));
            c.reply.integer(1);
        });
        t.add("hget", 3, READONLY | DB | FAST, GROUP, c -> {
            HashMap<String, byte[]> hash = Values.hash(c.db().get(c.key(1)));
            c.reply.bulkOrNull(hash == null ? null : hash.get(c.key(2)));
        });
        t.add("hmget", -3, READONLY | DB | FAST, GROUP, c -> {
            HashMap<String, byte[]> hash = Values.hash(c.db().get(c.key(1)));
            c.reply.arrayHeader(c.argc() - 2L);
            for (int i = 2; i < c.argc(); i++) {
                c.reply.bulkOrNull(hash == null ? null : hash.get(c.key(i)));
            }
        });
        t.add("hdel", -3, WRITE | DB | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            HashMap<String, byte[]> hash = Values.hash(db.peek(key));
            if (hash == null) {
                c.reply.integer(0);
                return;
            }
            long removed = 0;
            long delta = 0;
            for (int i = 2; i < c.argc(); i++) {
                String field = c.key(i);
                byte[] old = hash.remove(field);
                if (old != null) {
                    removed++;
                    delta -= cost(field, old);
                }
            }
            db.changed(key, delta);
            if (hash.isEmpty()) {
                db.remove(key);
            }
            c.reply.integer(removed);
        });
        t.add("hlen", 2, READONLY | DB | FAST, GROUP, c -> {
            HashMap<String, byte[]> hash = Values.hash(c.db().get(c.key(1)));
            c.reply.integer(hash == null ? 0 : hash.size());
        });
        t.add("hstrlen", 3, READONLY | DB | FAST, GROUP, c -> {
            HashMap<String, byte[]> hash = Values.hash(c.db().get(c.key(1)));
            byte[] v = hash == null ? null : hash.get(c.key(2));
            c.reply.integer(v == null ? 0 : v.length);
        });
        t.add("hexists", 3, READONLY | DB | FAST, GROUP, c -> {
            HashMap<String, byte[]> hash = Values.hash(c.db().get(c.key(1)));
            c.reply.integer(hash != null && hash.containsKey(c.key(2)) ? 1 : 0);
        });
        t.add("hgetall", 2, READONLY | DB, GROUP, c -> all(c, true, true));
        t.add("hkeys", 2, READONLY | DB, GROUP, c -> all(c, true, false));
        t.add("hvals", 2, READONLY | DB, GROUP, c -> all(c, false, true));
        t.add("hincrby", 4, WRITE | DENYOOM | DB | FAST, GROUP, HashCommands::hincrby);
        t.add("hincrbyfloat", 4, WRITE | DENYOOM | DB | FAST, GROUP, HashCommands::hincrbyfloat);
    }

    private static HashMap<String, byte[]> orCreate(Database db, String key, HashMap<String, byte[]> hash) {
        if (hash != null) {
            return hash;
        }
        HashMap<String, byte[]> created = new HashMap<>();
        db.put(key, created);
        return created;
    }

    private static void hset(Call c, String name, boolean ok) {
        if (c.argc() % 2 != 0) {
            throw Errors.wrongArity(name);
        }
        Database db = c.db();
        String key = c.key(1);
        HashMap<String, byte[]> hash = orCreate(db, key, Values.hash(db.peek(key)));
        long added = 0;
        long delta = 0;
        for (int i = 2; i < c.argc(); i += 2) {
            String field = c.key(i);
            byte[] value = c.bytes(i + 1);
            byte[] old = hash.put(field, value);
            if (old == null) {
                added++;
                delta += cost(field, value);
            } else {
                delta += value.length - (long) old.length;
            }
        }
        db.changed(key, delta);
        if (ok) {
            c.reply.ok();
        } else {
            c.reply.integer(added);
        }
    }

    private static void all(Call c, boolean fields, boolean values) {
        HashMap<String, byte[]> hash = Values.hash(c.db().get(c.key(1)));
        if (hash == null) {
            c.reply.arrayHeader(0);
            return;
        }
        c.reply.arrayHeader((long) hash.size() * ((fields ? 1 : 0) + (values ? 1 : 0)));
        for (Map.Entry<String, byte[]> e : hash.entrySet()) {
            if (fields) {
                c.reply.bulk(e.getKey());
            }
            if (values) {
                c.reply.bulk(e.getValue());
            }
        }
    }

    private static void hincrby(Call c) {
        long by = c.longArg(3);
        Database db = c.db();
        String key = c.key(1);
        HashMap<String, byte[]> hash = Values.hash(db.peek(key));
        String field = c.key(2);
        byte[] old = hash == null ? null : hash.get(field);
        long value = old == null ? 0 : Numbers.parseLong(old, 0, old.length, NOT_INTEGER);
        if ((by > 0 && value > Long.MAX_VALUE - by) || (by < 0 && value < Long.MIN_VALUE - by)) {
            throw Errors.OVERFLOW;
        }
        value += by;
        put(db, key, hash, field, old, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        c.reply.integer(value);
    }

    private static void hincrbyfloat(Call c) {
        double by = c.doubleArg(3, Errors.NOT_FLOAT);
        Database db = c.db();
        String key = c.key(1);
        HashMap<String, byte[]> hash = Values.hash(db.peek(key));
        String field = c.key(2);
        byte[] old = hash == null ? null : hash.get(field);
        double value = old == null ? 0 : Numbers.parseDouble(old, 0, old.length, NOT_FLOAT);
        double result = value + by;
        if (Double.isNaN(result) || Double.isInfinite(result)) {
            throw Errors.INCR_NAN_OR_INF;
        }
        byte[] text = Numbers.human(result).getBytes(StandardCharsets.US_ASCII);
        put(db, key, hash, field, old, text);
        c.reply.bulk(text);
    }

    private static void put(Database db, String key, HashMap<String, byte[]> hash, String field, byte[] old,
            byte[] value) {
        HashMap<String, byte[]> h = orCreate(db, key, hash);
        h.put(field, value);
        db.changed(key, old == null ? cost(field, value) : value.length - (long) old.length);
    }
}
