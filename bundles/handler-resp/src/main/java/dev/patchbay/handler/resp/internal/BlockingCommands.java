package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.DENYOOM;
import static dev.patchbay.handler.resp.internal.Command.WRITE;

import dev.patchbay.api.keyspace.Database;

/**
 * The pops that may wait (BLPOP, BRPOP, BRPOPLPUSH, BLMOVE, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP)
 * and the multi-key pops that never do (LMPOP, ZMPOP), parsed as Redis 7.0 parses them, in its
 * order of checks, so that the same bad request gets the same error.
 */
final class BlockingCommands {

    static final RespError TIMEOUT_NOT_FLOAT = RespError.err("timeout is not a float or out of range");
    static final RespError TIMEOUT_NEGATIVE = RespError.err("timeout is negative");
    static final RespError NUMKEYS = RespError.err("numkeys should be greater than 0");
    static final RespError COUNT = RespError.err("count should be greater than 0");

    private BlockingCommands() {
    }

    static void register(CommandTable t) {
        t.add("blpop", -3, WRITE | DB, "list", c -> pop(c, true));
        t.add("brpop", -3, WRITE | DB, "list", c -> pop(c, false));
        t.add("brpoplpush", 4, WRITE | DENYOOM | DB, "list", c -> {
            long timeout = timeout(c, 3);
            run(c, 1, 1, new BlockingOp(BlockingOp.MOVE, false, true, c.key(2), 1), timeout);
        });
        t.add("blmove", 6, WRITE | DENYOOM | DB, "list", c -> {
            boolean from = Args.side(c, 3);
            boolean to = Args.side(c, 4);
            long timeout = timeout(c, 5);
            run(c, 1, 1, new BlockingOp(BlockingOp.MOVE, from, to, c.key(2), 1), timeout);
        });
        t.add("lmpop", -4, WRITE | DB, "list", c -> mpop(c, 1, false, false));
        t.add("blmpop", -5, WRITE | DB, "list", c -> mpop(c, 2, false, true));
        t.add("bzpopmin", -3, WRITE | DB, "sorted-set", c -> zpop(c, true));
        t.add("bzpopmax", -3, WRITE | DB, "sorted-set", c -> zpop(c, false));
        t.add("zmpop", -4, WRITE | DB, "sorted-set", c -> mpop(c, 1, true, false));
        t.add("bzmpop", -5, WRITE | DB, "sorted-set", c -> mpop(c, 2, true, true));
    }

    private static void pop(Call c, boolean left) {
        long timeout = timeout(c, c.argc() - 1);
        run(c, 1, c.argc() - 2, new BlockingOp(BlockingOp.POP, left, false, null, 1), timeout);
    }

    private static void zpop(Call c, boolean min) {
        long timeout = timeout(c, c.argc() - 1);
        run(c, 1, c.argc() - 2, new BlockingOp(BlockingOp.ZPOP, min, false, null, 1), timeout);
    }

    /** [B]LMPOP and [B]ZMPOP: {@code [timeout] numkeys key... LEFT|RIGHT|MIN|MAX [COUNT n]}. */
    private static void mpop(Call c, int numkeysAt, boolean zset, boolean blocking) {
        long numkeys = c.longArg(numkeysAt, NUMKEYS);
        if (numkeys < 1) {
            throw NUMKEYS;
        }
        long whereAt = numkeysAt + numkeys + 1;
        if (whereAt >= c.argc()) {
            throw Errors.SYNTAX;
        }
        int where = (int) whereAt;
        boolean first;
        if (zset) {
            first = Args.minMax(c, where);
        } else {
            first = Args.side(c, where);
        }
        long count = -1;
        for (int i = where + 1; i < c.argc(); i++) {
            if (count == -1 && c.is(i, "count") && i + 1 < c.argc()) {
                count = Args.positive(c, ++i, COUNT);
            } else {
                throw Errors.SYNTAX;
            }
        }
        BlockingOp op = new BlockingOp(zset ? BlockingOp.ZMPOP : BlockingOp.MPOP, first, false, null,
                count == -1 ? 1 : count);
        long timeout = blocking ? timeout(c, 1) : -1;
        run(c, numkeysAt + 1, numkeysAt + (int) numkeys, op, timeout);
    }

    /**
     * Redis's timeout in seconds as a float, to milliseconds rounded up; the texts of its errors
     * (a value too large to count in milliseconds reads as negative in Redis 7.0 too).
     */
    static long timeout(Call c, int arg) {
        double seconds = c.doubleArg(arg, TIMEOUT_NOT_FLOAT);
        double millis = Math.ceil(seconds * 1000.0);
        if (!(millis >= 0) || millis >= 0x1p63) {
            throw TIMEOUT_NEGATIVE;
        }
        return (long) millis;
    }

    /**
     * Serves the pop from the first of the keys {@code from..to} that has elements; else answers
     * nothing (a non-blocking pop, inside EXEC, or while the handler stops), or waits.
     * {@code timeout} is -1 for a pop that never waits.
     */
    private static void run(Call c, int from, int to, BlockingOp op, long timeout) {
        Database db = c.db();
        for (int i = from; i <= to; i++) {
            String key = c.key(i);
            Object v = db.peek(key);
            if (v != null) {
                op.check(v);
                op.serve(db, key, c, c.reply);
                return;
            }
        }
        if (timeout < 0 || c.noBlock || c.context.blocking.stopping()) {
            op.nothing(c.reply, c.noBlock);
            return;
        }
        String[] keys = new String[to - from + 1];
        for (int i = from; i <= to; i++) {
            keys[i - from] = c.key(i);
        }
        c.context.blocking.block(c, keys, op, timeout);
    }
}
