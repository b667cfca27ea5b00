package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.DENYOOM;
import static dev.patchbay.handler.resp.internal.Command.FAST;
import static dev.patchbay.handler.resp.internal.Command.READONLY;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.patchbay.api.keyspace.Database;

/** The string commands of Redis 7.0. */
final class StringCommands {

    /** proto-max-bulk-len: the largest string Redis builds (512 MB). */
    static final long MAX_STRING = 512L * 1024 * 1024;

    private static final String GROUP = "string";

    private StringCommands() {
    }

    static void register(CommandTable t) {
        int w = WRITE | DENYOOM | DB;
        t.add("get", 2, READONLY | DB | FAST, GROUP, c -> c.reply.bulkOrNull(Values.string(c.db().get(c.key(1)))));
        t.add("set", -3, w, GROUP, StringCommands::set);
        t.add("setnx", 3, w | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            if (db.peek(key) != null) {
                c.reply.integer(0);
            } else {
                db.put(key, c.bytes(2));
                c.reply.integer(1);
            }
        });
        t.add("setex", 4, w, GROUP, c -> setWithTtl(c, 1000, "setex"));
        t.add("psetex", 4, w, GROUP, c -> setWithTtl(c, 1, "psetex"));
        t.add("getset", 3, w | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            byte[] old = Values.string(db.get(key));
            db.put(key, c.bytes(2));
            c.reply.bulkOrNull(old);
        });
        t.add("getdel", 2, WRITE | DB | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            byte[] old = Values.string(db.get(key));
            if (old != null) {
                db.remove(key);
            }
            c.reply.bulkOrNull(old);
        });
        t.add("getex", -2, WRITE | DB | FAST, GROUP, StringCommands::getex);
        t.add("mget", -2, READONLY | DB | FAST, GROUP, c -> {
            Database db = c.db();
            c.reply.arrayHeader(c.argc() - 1L);
            for (int i = 1; i < c.argc(); i++) {
                Object v = db.get(c.key(i));
                if (v instanceof byte[] b) {
                    c.reply.bulk(b);
                } else {
                    c.reply.nullBulk();
                }
            }
        });
        t.add("mset", -3, w, GROUP, c -> {
            if (c.argc() % 2 == 0) {
                throw Errors.wrongArity("mset");
            }
            Database db = c.db();
            for (int i = 1; i < c.argc(); i += 2) {
                db.put(c.key(i), c.bytes(i + 1));
            }
            c.reply.ok();
        });
        t.add("msetnx", -3, w, GROUP, c -> {
            if (c.argc() % 2 == 0) {
                throw Errors.wrongArity("msetnx");
            }
            Database db = c.db();
            for (int i = 1; i < c.argc(); i += 2) {
                if (db.peek(c.key(i)) != null) {
                    c.reply.integer(0);
                    return;
                }
            }
            for (int i = 1; i < c.argc(); i += 2) {
                db.put(c.key(i), c.bytes(i + 1));
            }
            c.reply.integer(1);
        });
        t.add("incr", 2, w | FAST, GROUP, c -> incrBy(c, 1));
        t.add("decr", 2, w | FAST, GROUP, c -> incrBy(c, -1));
        t.add("incrby", 3, w | FAST, GROUP, c -> incrBy(c, c.longArg(2)));
        t.add("decrby", 3, w | FAST, GROUP, c -> {
            long by = c.longArg(2);
            if (by == Long.MIN_VALUE) {
                throw RespError.err("decrement would overflow");
            }
            incrBy(c, -by);
        });
        t.add("incrbyfloat", 3, w | FAST, GROUP, StringCommands::incrByFloat);
        t.add("append", 3, w | FAST, GROUP, c -> {
            Database db = c.db();
            String key = c.key(1);
            byte[] old = Values.string(db.peek(key));
            int add = c.length(2);
            if (old == null) {
                db.put(key, c.bytes(2));
                c.reply.integer(add);
                return;
            }
            checkLength((long) old.length + add);
            byte[] joined = Arrays.copyOf(old, old.length + add);
            System.arraycopy(c.input(), c.offset(2), joined, old.length, add);
            db.replace(key, joined);
            c.reply.integer(joined.length);
        });
        t.add("strlen", 2, READONLY | DB | FAST, GROUP, c -> {
            byte[] v = Values.string(c.db().get(c.key(1)));
            c.reply.integer(v == null ? 0 : v.length);
        });
        t.add("getrange", 4, READONLY | DB, GROUP, StringCommands::getrange);
        t.add("substr", 4, READONLY | DB, GROUP, StringCommands::getrange);
        t.add("setrange", 4, w, GROUP, StringCommands::setrange);
    }

    private static void checkLength(long length) {
        if (length > MAX_STRING) {
            throw Errors.STRING_TOO_LONG;
        }
    }

    private static void set(Call c) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        long expireAt = -1;
        boolean hasExpire = false;
        for (int i = 3; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            if (c.is(i, "nx") && !xx) {
                nx = true;
            } else if (c.is(i, "xx") && !nx) {
                xx = true;
            } else if (c.is(i, "get")) {
                get = true;
            } else if (c.is(i, "keepttl") && !hasExpire) {
                keepTtl = true;
            } else if (!keepTtl && !hasExpire && more
                    && (c.is(i, "ex") || c.is(i, "px") || c.is(i, "exat") || c.is(i, "pxat"))) {
                expireAt = expireAt(c, i, "set");
                hasExpire = true;
                i++;
            } else {
                throw Errors.SYNTAX;
            }
        }
        Database db = c.db();
        String key = c.key(1);
        Object old = db.peek(key);
        if (get) {
            Values.string(old);
        }
        if ((nx && old != null) || (xx && old == null)) {
            if (get) {
                c.reply.bulkOrNull((byte[]) old);
            } else {
                c.reply.nullBulk();
            }
            return;
        }
        byte[] value = c.bytes(2);
        if (keepTtl) {
            db.replace(key, value);
        } else {
            db.put(key, value);
        }
        if (hasExpire) {
            db.expireAt(key, expireAt);
        }
        if (get) {
            c.reply.bulkOrNull((byte[]) old);
        } else {
            c.reply.ok();
        }
    }

    /** The Unix-millisecond expiry of option {@code i} (EX, PX, EXAT, PXAT) with its value at {@code i + 1}. */
    static long expireAt(Call c, int i, String command) {
        long n = c.longArg(i + 1);
        RespError invalid = RespError.err("invalid expire time in '" + command + "' command");
        if (n <= 0) {
            throw invalid;
        }
        boolean seconds = c.is(i, "ex") || c.is(i, "exat");
        boolean relative = c.is(i, "ex") || c.is(i, "px");
        if (seconds && n > Long.MAX_VALUE / 1000) {
            throw invalid;
        }
        long millis = seconds ? n * 1000 : n;
        long now = System.currentTimeMillis();
        if (relative && millis > Long.MAX_VALUE - now) {
            throw invalid;
        }
        return relative ? now + millis : millis;
    }

    private static void setWithTtl(Call c, long unit, String name) {
        long n = c.longArg(2);
        RespError invalid = RespError.err("invalid expire time in '" + name + "' command");
        if (n <= 0 || n > Long.MAX_VALUE / unit) {
            throw invalid;
        }
        long at = System.currentTimeMillis() + n * unit;
        if (at < 0) {
            throw invalid;
        }
        Database db = c.db();
        String key = c.key(1);
        db.put(key, c.bytes(3));
        db.expireAt(key, at);
        c.reply.ok();
    }

    private static void getex(Call c) {
        long expireAt = -1;
        boolean persist = false;
        boolean option = false;
        for (int i = 2; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            if (c.is(i, "persist") && !option) {
                persist = true;
                option = true;
            } else if (!option && more && (c.is(i, "ex") || c.is(i, "px") || c.is(i, "exat") || c.is(i, "pxat"))) {
                expireAt = expireAt(c, i, "getex");
                option = true;
                i++;
            } else {
                throw Errors.SYNTAX;
            }
        }
        Database db = c.db();
        String key = c.key(1);
        byte[] v = Values.string(db.get(key));
        if (v != null) {
            if (persist) {
                db.persist(key);
            } else if (expireAt >= 0) {
                db.expireAt(key, expireAt);
            }
        }
        c.reply.bulkOrNull(v);
    }

    private static void incrBy(Call c, long by) {
        Database db = c.db();
        String key = c.key(1);
        byte[] old = Values.string(db.peek(key));
        long value = old == null ? 0 : Numbers.parseLong(old, 0, old.length, Errors.NOT_INTEGER);
        if ((by > 0 && value > Long.MAX_VALUE - by) || (by < 0 && value < Long.MIN_VALUE - by)) {
            throw Errors.OVERFLOW;
        }
        value += by;
        byte[] digits = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        if (old == null) {
            db.put(key, digits);
        } else {
            db.replace(key, digits);
        }
        c.reply.integer(value);
    }

    private static void incrByFloat(Call c) {
        Database db = c.db();
        String key = c.key(1);
        byte[] old = Values.string(db.peek(key));
        double value = old == null ? 0 : Numbers.parseDouble(old, 0, old.length, Errors.NOT_FLOAT);
        double by = c.doubleArg(2, Errors.NOT_FLOAT);
        double result = value + by;
        if (Double.isNaN(result) || Double.isInfinite(result)) {
            throw Errors.INCR_NAN_OR_INF;
        }
        byte[] text = Numbers.human(result).getBytes(StandardCharsets.US_ASCII);
        if (old == null) {
            db.put(key, text);
        } else {
            db.replace(key, text);
        }
        c.reply.bulk(text);
    }

    private static void getrange(Call c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        byte[] v = Values.string(c.db().get(c.key(1)));
        if (v == null || (start < 0 && end < 0 && start > end)) {
            c.reply.bulk(new byte[0]);
            return;
        }
        long len = v.length;
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        end = Math.min(end, len - 1);
        if (start > end || len == 0) {
            c.reply.bulk(new byte[0]);
            return;
        }
        c.reply.bulk(v, (int) start, (int) (end - start + 1));
    }

    private static void setrange(Call c) {
        long offset = c.longArg(2);
        if (offset < 0) {
            throw Errors.OFFSET_OUT_OF_RANGE;
        }
        Database db = c.db();
        String key = c.key(1);
        byte[] old = Values.string(db.peek(key));
        int add = c.length(3);
        if (add == 0) {
            c.reply.integer(old == null ? 0 : old.length);
            return;
        }
        checkLength(offset + add);
        int length = (int) Math.max(old == null ? 0 : old.length, offset + add);
        byte[] value = old == null ? new byte[length] : Arrays.copyOf(old, length);
        System.arraycopy(c.input(), c.offset(3), value, (int) offset, add);
        if (old == null) {
            db.put(key, value);
        } else {
            db.replace(key, value);
        }
        c.reply.integer(value.length);
    }
}
