package dev.patchbay.handler.resp.internal;

import static dev.patchbay.handler.resp.internal.Command.DB;
import static dev.patchbay.handler.resp.internal.Command.READONLY;

import java.util.ArrayList;
import java.util.List;

/**
 * LCS: the longest common subsequence of two strings, as Redis 7.0 computes it (the whole
 * dynamic-programming table, then one walk back from its end that yields the string and the
 * matching ranges, last first). The table takes 4 bytes per pair of positions; past
 * proto-max-bulk-len of them the command is refused, as in Redis.
 */
final class LcsCommand {

    private static final RespError NOT_STRINGS = RespError.err("The specified keys must contain string values");
    private static final RespError LEN_AND_IDX = RespError.err(
            "If you want both the length and indexes, please just use IDX.");
    /**
     * Redis allows a table up to proto-max-bulk-len (512 MB); here the table is heap, and two
     * clients asking for that at once would end the server (it exits on OutOfMemoryError), so
     * the limit is 32 MiB: two strings of about 2,900 bytes each.
     */
    static final long MAX_TABLE_BYTES = 32L << 20;
    private static final RespError TABLE_TOO_LARGE = RespError.err(
            "Insufficient memory, transient memory for LCS exceeds 32 MB, this server's limit");

    private LcsCommand() {
    }

    static void register(CommandTable t) {
        t.add("lcs", -3, READONLY | DB, "string", LcsCommand::lcs);
    }

    private static void lcs(Call c) {
        Object va = c.db().get(c.key(1));
        Object vb = c.db().get(c.key(2));
        if ((va != null && !(va instanceof byte[])) || (vb != null && !(vb instanceof byte[]))) {
            throw NOT_STRINGS;
        }
        byte[] a = va == null ? new byte[0] : (byte[]) va;
        byte[] b = vb == null ? new byte[0] : (byte[]) vb;
        boolean getIdx = false;
        boolean getLen = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < c.argc(); j++) {
            boolean moreArgs = j < c.argc() - 1;
            if (c.is(j, "idx")) {
                getIdx = true;
            } else if (c.is(j, "len")) {
                getLen = true;
            } else if (c.is(j, "withmatchlen")) {
                withMatchLen = true;
            } else if (c.is(j, "minmatchlen") && moreArgs) {
                minMatchLen = Math.max(0, c.longArg(j + 1));
                j++;
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (getIdx && getLen) {
            throw LEN_AND_IDX;
        }
        int alen = a.length;
        int blen = b.length;
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * Integer.BYTES > MAX_TABLE_BYTES) {
            throw TABLE_TOO_LARGE;
        }
        int[] table = new int[(int) cells];
        int w = blen + 1;
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) {
                    table[i * w + j] = table[(i - 1) * w + j - 1] + 1;
                } else {
                    table[i * w + j] = Math.max(table[(i - 1) * w + j], table[i * w + j - 1]);
                }
            }
        }
        int length = table[alen * w + blen];
        if (getLen) {
            c.reply.integer(length);
            return;
        }
        byte[] result = new byte[length];
        List<long[]> ranges = new ArrayList<>();
        walkBack(a, b, table, result, getIdx ? ranges : null, minMatchLen);
        if (!getIdx) {
            c.reply.bulk(result);
            return;
        }
        c.reply.arrayHeader(4);
        c.reply.bulk("matches");
        c.reply.arrayHeader(ranges.size());
        for (long[] r : ranges) {
            c.reply.arrayHeader(withMatchLen ? 3 : 2);
            c.reply.arrayHeader(2);
            c.reply.integer(r[0]);
            c.reply.integer(r[1]);
            c.reply.arrayHeader(2);
            c.reply.integer(r[2]);
            c.reply.integer(r[3]);
            if (withMatchLen) {
                c.reply.integer(r[1] - r[0] + 1);
            }
        }
        c.reply.bulk("len");
        c.reply.integer(length);
    }

    /**
     * Fills {@code result} from its end and, when {@code ranges} is given, collects the
     * contiguous matches of at least {@code minMatchLen} as {aStart, aEnd, bStart, bEnd}: the
     * walk of Redis's lcsCommand step for step, so that ranges come out exactly as Redis emits them.
     */
    private static void walkBack(byte[] a, byte[] b, int[] table, byte[] result, List<long[]> ranges,
            long minMatchLen) {
        int alen = a.length;
        int w = b.length + 1;
        int idx = result.length;
        int i = alen;
        int j = b.length;
        // alen as the start means "no range open".
        int aStart = alen;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (table[(i - 1) * w + j] > table[i * w + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emit = true;
                }
            }
            if (emit) {
                long matchLen = aEnd - aStart + 1;
                if (ranges != null && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    ranges.add(new long[] {aStart, aEnd, bStart, bEnd});
                }
                aStart = alen;
            }
        }
    }
}
