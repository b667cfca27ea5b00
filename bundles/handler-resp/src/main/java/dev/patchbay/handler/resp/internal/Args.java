package dev.patchbay.handler.resp.internal;

/** Argument forms shared by several command families, read as Redis reads them. */
final class Args {

    private Args() {
    }

    /** {@code LEFT} (true) or {@code RIGHT} (false), any case; else a syntax error. */
    static boolean side(Call c, int i) {
        if (c.is(i, "left")) {
            return true;
        }
        if (c.is(i, "right")) {
            return false;
        }
        throw Errors.SYNTAX;
    }

    /** {@code MIN} (true) or {@code MAX} (false), any case; else a syntax error. */
    static boolean minMax(Call c, int i) {
        if (c.is(i, "min")) {
            return true;
        }
        if (c.is(i, "max")) {
            return false;
        }
        throw Errors.SYNTAX;
    }

    /** An integer of at least 1; {@code error} for anything else, as getRangeLongFromObjectOrReply. */
    static long positive(Call c, int i, RespError error) {
        long n = c.longArg(i, error);
        if (n < 1) {
            throw error;
        }
        return n;
    }

    /** An integer of at least 0; {@code error} for anything else. */
    static long notNegative(Call c, int i, RespError error) {
        long n = c.longArg(i, error);
        if (n < 0) {
            throw error;
        }
        return n;
    }
}
