package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.READONLY;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import java.util.ArrayList;
import java.util.List;

import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.Keyspace;

/** DEL, UNLINK, EXISTS, TYPE, the EXPIRE family, TTL, PERSIST, KEYS, SCAN, RENAME, RANDOMKEY, MOVE, COPY. */
final class KeyCommands {

    private static final String GROUP = "keyspace";

    private KeyCommands() {
    }

    static void register(CommandTable t) {
        t.add("del", -2, WRITE | DB, GROUP, KeyCommands::del);
        t.add("unlink", -2, WRITE | DB | FAST, GROUP, KeyCommands::del);
        t.add("exists", -2, READONLY | DB | FAST, GROUP, c -> {
            Database db = c.db();
            long n = 0;
            for (int i = 1; i < c.argc(); i++) {
                if (db.peek(c.key(i)) != null) {
                    n++;
                }
            }
            c.reply.integer(n);
        });
        t.add("touch", -2, READONLY | DB | FAST, GROUP, c -> {
            Database db = c.db();
            long n = 0;
            for (int i = 1; i < c.argc(); i++) {
                if (db.peek(c.key(i)) != null) {
                    n++;
                }
            }
            c.reply.integer(n);
        });
        t.add("type", 2, READONLY | DB | FAST, GROUP, c -> c.reply.simple(Values.type(c.db().peek(c.key(1)))));
        t.add("expire", -3, WRITE | DB | FAST, GROUP, c -> expire(c, 1000, false, "expire"));
        t.add("pexpire", -3, WRITE | DB | FAST, GROUP, c -> expire(c, 1, false, "pexpire"));
        t.add("expireat", -3, WRITE | DB | FAST, GROUP, c -> expire(c, 1000, true, "expireat"));
        t.add("pexpireat", -3, WRITE | DB | FAST, GROUP, c -> expire(c, 1, true, "pexpireat"));
        t.add("ttl", 2, READONLY | DB | FAST, GROUP, c -> ttl(c, 1000, false));
        t.add("pttl", 2, READONLY | DB | FAST, GROUP, c -> ttl(c, 1, false));
        t.add("expiretime", 2, READONLY | DB | FAST, GROUP, c -> ttl(c, 1000, true));
        t.add("pexpiretime", 2, READONLY | DB | FAST, GROUP, c -> ttl(c, 1, true));
        t.add("persist", 2, WRITE | DB | FAST, GROUP, c -> c.reply.integer(c.db().persist(c.key(1)) ? 1 : 0));
        t.add("keys", 2, READONLY | DB, GROUP, c -> {
            String pattern = c.key(1);
            List<String> keys = new ArrayList<>();
            c.db().forEachKey(k -> {
                if (Glob.matches(pattern, k)) {
                    keys.add(k);
                }
            });
            c.reply.arrayHeader(keys.size());
            for (String k : keys) {
                c.reply.bulk(k);
            }
        });
        t.add("randomkey", 1, READONLY | DB, GROUP, c -> {
            String k = c.db().randomKey();
            if (k == null) {
                c.reply.nullBulk();
            } else {
                c.reply.bulk(k);
            }
        });
        t.add("rename", 3, WRITE | DB, GROUP, c -> rename(c, false));
        t.add("renamenx", 3, WRITE | DB | FAST, GROUP, c -> rename(c, true));
        t.add("move", 3, WRITE | FAST, GROUP, KeyCommands::move);
        t.add("copy", -3, WRITE | Command.DENYOOM, GROUP, KeyCommands::copy);
    }

    private static void del(Call c) {
        Database db = c.db();
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (db.remove(c.key(i))) {
                n++;
            }
        }
        c.reply.integer(n);
    }

    private static void expire(Call c, long unit, boolean absolute, String name) {
        long when = c.longArg(2);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < c.argc(); i++) {
            if (c.is(i, "nx")) {
                nx = true;
            } else if (c.is(i, "xx")) {
                xx = true;
            } else if (c.is(i, "gt")) {
                gt = true;
            } else if (c.is(i, "lt")) {
                lt = true;
            } else {
                throw RespError.err("Unsupported option " + c.key(i));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw RespError.err("NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw RespError.err("GT and LT options at the same time are not compatible");
        }
        long base = absolute ? 0 : System.currentTimeMillis();
        if (when > Long.MAX_VALUE / unit || when < Long.MIN_VALUE / unit) {
            throw RespError.err("invalid expire time in '" + name + "' command");
        }
        long millis = when * unit;
        if ((millis > 0 && base > Long.MAX_VALUE - millis)) {
            throw RespError.err("invalid expire time in '" + name + "' command");
        }
        long at = base + millis;
        Database db = c.db();
        String key = c.key(1);
        long current = db.expireTime(key);
        if (current == -2) {
            c.reply.integer(0);
            return;
        }
        // A key without a time to live counts as living forever for GT and LT.
        boolean hasTtl = current >= 0;
        if ((nx && hasTtl) || (xx && !hasTtl) || (gt && (!hasTtl || at <= current))
                || (lt && hasTtl && at >= current)) {
            c.reply.integer(0);
            return;
        }
        db.expireAt(key, at);
        c.reply.integer(1);
    }

    private static void ttl(Call c, long unit, boolean absolute) {
        long at = c.db().expireTime(c.key(1));
        if (at < 0) {
            c.reply.integer(at);
        } else if (absolute) {
            c.reply.integer(at / unit);
        } else {
            long left = Math.max(0, at - System.currentTimeMillis());
            c.reply.integer(unit == 1 ? left : (left + 500) / 1000);
        }
    }

    private static void rename(Call c, boolean nx) {
        Database db = c.db();
        String from = c.key(1);
        String to = c.key(2);
        Object v = db.peek(from);
        if (v == null) {
            throw Errors.NO_SUCH_KEY;
        }
        if (from.equals(to)) {
            if (nx) {
                c.reply.integer(0);
            } else {
                c.reply.ok();
            }
            return;
        }
        if (nx && db.peek(to) != null) {
            c.reply.integer(0);
            return;
        }
        long expire = db.expireTime(from);
        db.remove(from);
        db.put(to, v);
        c.filled(to);
        if (expire >= 0) {
            db.expireAt(to, expire);
        }
        if (nx) {
            c.reply.integer(1);
        } else {
            c.reply.ok();
        }
    }

    /** Locks the two databases in index order, as every cross-database operation must. */
    private static void lockBoth(Database a, Database b) {
        if (a.index() <= b.index()) {
            a.lock();
            b.lock();
        } else {
            b.lock();
            a.lock();
        }
    }

    private static void unlockBoth(Database a, Database b) {
        a.unlock();
        b.unlock();
    }

    private static int dbIndex(Call c, int arg) {
        long index = c.longArg(arg);
        if (index < 0 || index >= c.keyspace().databases()) {
            throw Errors.DB_OUT_OF_RANGE;
        }
        return (int) index;
    }

    private static void move(Call c) {
        Keyspace ks = c.keyspace();
        int target = dbIndex(c, 2);
        Database src = c.db();
        if (src.index() == target) {
            throw Errors.SAME_OBJECT;
        }
        Database dst = ks.database(target);
        String key = c.key(1);
        lockBoth(src, dst);
        try {
            Object v = src.peek(key);
            if (v == null || dst.peek(key) != null) {
                c.reply.integer(0);
                return;
            }
            long expire = src.expireTime(key);
            src.remove(key);
            dst.put(key, v);
            c.filled(dst.index(), key);
            if (expire >= 0) {
                dst.expireAt(key, expire);
            }
            c.reply.integer(1);
        } finally {
            unlockBoth(src, dst);
        }
    }

    private static void copy(Call c) {
        Keyspace ks = c.keyspace();
        Database src = c.db();
        Database dst = src;
        boolean replace = false;
        for (int i = 3; i < c.argc(); i++) {
            if (c.is(i, "replace")) {
                replace = true;
            } else if (c.is(i, "db") && i + 1 < c.argc()) {
                dst = ks.database(dbIndex(c, ++i));
            } else {
                throw Errors.SYNTAX;
            }
        }
        String from = c.key(1);
        String to = c.key(2);
        if (src == dst && from.equals(to)) {
            throw Errors.SAME_OBJECT;
        }
        lockBoth(src, dst);
        try {
            Object v = src.peek(from);
            if (v == null || (!replace && dst.peek(to) != null)) {
                c.reply.integer(0);
                return;
            }
            long expire = src.expireTime(from);
            dst.put(to, Values.copy(v, ks));
            c.filled(dst.index(), to);
            if (expire >= 0) {
                dst.expireAt(to, expire);
            }
            c.reply.integer(1);
        } finally {
            unlockBoth(src, dst);
        }
    }
}
