package dev.patchbay.handler.resp.internal;

/** Argument forms shared by several command families, read as Redis reads them. */
final class Args {

    /**
     * The most picks a negative count (repeats allowed) may ask of SRANDMEMBER, ZRANDMEMBER and
     * HRANDFIELD. Redis takes any count; a reply is built in memory here, and one command asking
     * for 2^62 picks would take the heap and the server with it.
     */
    static final long MAX_REPEATED_PICKS = 1L << 20;
    private static final RespError PICKS_RANGE = RespError.err(
            "count is out of range, a negative count must be at least -" + MAX_REPEATED_PICKS);

    private Args() {
    }

    /** Refuses a negative count past {@link #MAX_REPEATED_PICKS}. */
    static long repeatedPicks(long count) {
        if (count < -MAX_REPEATED_PICKS) {
            throw PICKS_RANGE;
        }
        return count;
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
