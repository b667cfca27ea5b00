package dev.patchbay.handler.resp.internal;

/** A score range bound as ZRANGEBYSCORE reads it: a float, "(" for exclusive, "-inf", "+inf". */
record ScoreBound(double value, boolean exclusive) {

    static ScoreBound parse(Call c, int arg) {
        byte[] in = c.input();
        int off = c.offset(arg);
        int len = c.length(arg);
        if (len > 0 && in[off] == '(') {
            return new ScoreBound(Numbers.parseDouble(in, off + 1, len - 1, Errors.MIN_MAX_NOT_FLOAT), true);
        }
        return new ScoreBound(Numbers.parseDouble(in, off, len, Errors.MIN_MAX_NOT_FLOAT), false);
    }
}
