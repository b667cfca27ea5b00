package dev.patchbay.handler.resp.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;

/** Numbers as Redis reads and writes them. */
final class Numbers {

    private static final MathContext SEVENTEEN = new MathContext(17);

    private Numbers() {
    }

    /**
     * Redis's string2ll: optional '-', no '+', no leading zeros (except "0"), no spaces, must fit
     * a signed 64-bit integer.
     */
    static long parseLong(byte[] b, int off, int len, RespError error) {
        if (len == 0 || len > 20) {
            throw error;
        }
        int p = off;
        int end = off + len;
        boolean negative = false;
        if (b[p] == '-') {
            negative = true;
            if (++p == end) {
                throw error;
            }
        }
        if (b[p] == '0') {
            if (len == 1) {
                return 0;
            }
            throw error;
        }
        long v = 0;
        for (; p < end; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                throw error;
            }
            // Accumulate negatively: the negative range is one larger.
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw error;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                throw error;
            }
            return -v;
        }
        return v;
    }

    /** Whether the bytes are an integer string2ll accepts (for OBJECT-like checks and INCR on stored values). */
    static boolean isLong(byte[] b) {
        try {
            parseLong(b, 0, b.length, Errors.NOT_INTEGER);
            return true;
        } catch (RespError e) {
            return false;
        }
    }

    /** Redis's strtod use: the whole argument, no spaces, "inf"/"-inf" allowed, NaN refused. */
    static double parseDouble(byte[] b, int off, int len, RespError error) {
        if (len == 0 || len > 256) {
            throw error;
        }
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        char first = s.charAt(0);
        char last = s.charAt(len - 1);
        if (Character.isWhitespace(first) || Character.isWhitespace(last)) {
            throw error;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // Java accepts suffixes (d, f) and hex floats C reads differently; allow only what strtod reads as decimal.
        for (int i = 0; i < len; i++) {
            char c = lower.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != '-' && c != '+') {
                throw error;
            }
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d)) {
                throw error;
            }
            return d;
        } catch (NumberFormatException e) {
            throw error;
        }
    }

    /** C's {@code %.17g}, as Redis 7.0 writes scores: 17 significant digits, trailing zeros dropped. */
    static String g17(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        BigDecimal v = new BigDecimal(d).round(SEVENTEEN);
        int exponent = v.precision() - v.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = v.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.toPlainString();
            String e = String.format("%02d", Math.abs(exponent));
            return m + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        return v.stripTrailingZeros().toPlainString();
    }

    /**
     * INCRBYFLOAT's and HINCRBYFLOAT's result as Redis prints it (%.17Lf of a long double, zeros
     * trimmed), approximated with the shortest decimal that reads back as the same double: it
     * gives Redis's {@code 10.6} for {@code 10.5 + 0.1}, where %.17g of a double would not.
     */
    static String human(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
