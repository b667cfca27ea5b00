package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameSink;

/**
 * Decoding state of {@link RespCodec} for one session: a state machine fed byte ranges as they
 * arrive, so a request split across reads at any byte is decoded exactly like one that came
 * whole, and a large value is copied once, straight into the request frame.
 *
 * <p>It follows Redis 7.0's {@code processMultibulkBuffer} and {@code processInlineBuffer}: a
 * request starting with {@code *} is a multibulk array, anything else an inline line; an array
 * of 0 or fewer elements and an empty inline line are ignored; the two bytes after a bulk are
 * skipped unchecked; error texts are Redis's. After a protocol error every further byte is
 * ignored: the handler answers the error and closes the session.
 */
final class RespDecoder implements FrameDecoder {

    /** Redis's {@code PROTO_INLINE_MAX_SIZE}: an inline line or a header line. */
    static final int MAX_INLINE = 64 * 1024;
    /** The most elements of one multibulk array (Redis up to 6.2, and what clients expect). */
    static final int MAX_MULTIBULK = 1024 * 1024;

    private static final int START = 0;
    private static final int COUNT = 1;
    private static final int BULK_HEADER = 2;
    private static final int BULK_DATA = 3;
    private static final int BULK_END = 4;
    private static final int INLINE = 5;
    private static final int FAILED = 6;

    private static final int KEEP_INLINE_AT_MOST = 4096;
    /** Piece size of input without an accessible array (direct or read-only buffers). */
    private static final int SCRATCH = 4096;

    private final int maxBulk;
    private final int requestLimit;
    private final RespFrame frame = new RespFrame();
    private final HeaderLine header = new HeaderLine();

    private int state = START;
    private int argsLeft;
    private int bulkLeft;
    private int skipLeft;
    private byte[] inline;
    private int inlineLength;
    /** Copy of direct or read-only input, made on first such input. */
    private byte[] scratch;

    RespDecoder(int maxBulk, int requestLimit) {
        this.maxBulk = maxBulk;
        this.requestLimit = requestLimit;
    }

    @Override
    public int pendingBytes() {
        return state == START || state == FAILED ? 0 : frame.length() + header.length() + inlineLength;
    }

    @Override
    public void decode(ByteBuffer in, FrameSink sink) throws Exception {
        try {
            if (in.hasArray()) {
                int base = in.arrayOffset();
                int stop = decode(in.array(), base + in.position(), base + in.limit(), sink);
                in.position(stop - base);
                return;
            }
            // Direct or read-only input (TLS, tests): decoded through a small copy, piece by piece.
            if (scratch == null) {
                scratch = new byte[SCRATCH];
            }
            while (in.hasRemaining()) {
                int start = in.position();
                int n = Math.min(scratch.length, in.remaining());
                in.get(start, scratch, 0, n);
                int used = decode(scratch, 0, n, sink);
                in.position(start + used);
                if (used < n) {
                    return;
                }
            }
        } catch (Exception | Error e) {
            // Where a failing sink left the input is unknown: none of it is delivered twice.
            in.position(in.limit());
            throw e;
        }
    }

    /**
     * The state machine over {@code a[p..lim)}: bytes are read from the array, not through the
     * buffer, as this is the per-request path.
     *
     * @return where decoding stopped: {@code lim}, or the end of the request after which the sink
     *         asked to stop
     */
    private int decode(byte[] a, int p, int lim, FrameSink sink) throws Exception {
        while (p < lim) {
            switch (state) {
                case START -> {
                    if (a[p] == '*') {
                        header.reset();
                        state = COUNT;
                    } else {
                        inlineLength = 0;
                        state = INLINE;
                    }
                }
                case COUNT -> {
                    p = header.read(a, p, lim);
                    if (!header.complete()) {
                        if (header.length() > MAX_INLINE) {
                            fail(sink, "Protocol error: too big mbulk count string");
                        }
                        return lim;
                    }
                    long count = header.number();
                    if (count == HeaderLine.INVALID || count > MAX_MULTIBULK
                            || Integer.BYTES + count * Integer.BYTES > requestLimit) {
                        fail(sink, "Protocol error: invalid multibulk length");
                        return lim;
                    }
                    if (count <= 0) {
                        state = START;
                    } else {
                        argsLeft = (int) count;
                        frame.begin();
                        header.reset();
                        state = BULK_HEADER;
                    }
                }
                case BULK_HEADER -> {
                    p = header.read(a, p, lim);
                    if (!header.complete()) {
                        if (header.length() > MAX_INLINE) {
                            fail(sink, "Protocol error: too big bulk count string");
                        }
                        return lim;
                    }
                    if (header.first() != '$') {
                        fail(sink, "Protocol error: expected '$', got '" + printable(header.first()) + "'");
                        return lim;
                    }
                    long length = header.number();
                    if (length == HeaderLine.INVALID || length < 0 || length > maxBulk) {
                        fail(sink, "Protocol error: invalid bulk length");
                        return lim;
                    }
                    if (frame.length() + Integer.BYTES + length > requestLimit) {
                        fail(sink, "Protocol error: request larger than " + requestLimit + " bytes");
                        return lim;
                    }
                    frame.beginArgument((int) length);
                    bulkLeft = (int) length;
                    state = BULK_DATA;
                }
                case BULK_DATA -> {
                    int n = Math.min(bulkLeft, lim - p);
                    frame.append(a, p, n);
                    p += n;
                    bulkLeft -= n;
                    if (bulkLeft == 0) {
                        skipLeft = 2;
                        state = BULK_END;
                    }
                }
                case BULK_END -> {
                    int n = Math.min(skipLeft, lim - p);
                    p += n;
                    skipLeft -= n;
                    if (skipLeft == 0) {
                        if (--argsLeft > 0) {
                            header.reset();
                            state = BULK_HEADER;
                        } else if (!deliver(sink)) {
                            return p;
                        }
                    }
                }
                case INLINE -> {
                    p = readInline(a, p, lim);
                    if (p < 0) {
                        if (inlineLength > MAX_INLINE) {
                            fail(sink, "Protocol error: too big inline request");
                        }
                        return lim;
                    }
                    if (!inlineRequest(sink)) {
                        return state == FAILED ? lim : p;
                    }
                }
                default -> {
                    // FAILED: the session is being closed; nothing more is read.
                    return lim;
                }
            }
        }
        return p;
    }

    /** Hands the finished request on; {@code false} if the sink asked to stop. */
    private boolean deliver(FrameSink sink) throws Exception {
        state = START;
        try {
            return sink.frame(frame.finish());
        } finally {
            frame.release();
        }
    }

    /**
     * Gathers an inline line up to its {@code \n}: where the line ended (after the {@code \n}),
     * or -1 if it has not ended yet, or has grown past {@link #MAX_INLINE}.
     */
    private int readInline(byte[] a, int p, int lim) {
        int nl = p;
        while (nl < lim && a[nl] != '\n') {
            nl++;
        }
        int n = Math.min(nl - p, MAX_INLINE + 1 - inlineLength);
        if (inline == null) {
            inline = new byte[Math.max(128, n)];
        } else if (inlineLength + n > inline.length) {
            inline = Arrays.copyOf(inline, Math.max(inline.length * 2, inlineLength + n));
        }
        System.arraycopy(a, p, inline, inlineLength, n);
        inlineLength += n;
        if (inlineLength > MAX_INLINE || nl == lim) {
            return -1;
        }
        return nl + 1;
    }

    private boolean inlineRequest(FrameSink sink) throws Exception {
        int length = inlineLength;
        if (length > 0 && inline[length - 1] == '\r') {
            length--;
        }
        frame.begin();
        boolean balanced = RespInline.split(inline, length, frame);
        inlineLength = 0;
        if (inline != null && inline.length > KEEP_INLINE_AT_MOST) {
            inline = null;
        }
        if (!balanced) {
            frame.release();
            fail(sink, "Protocol error: unbalanced quotes in request");
            return false;
        }
        if (frame.argc() == 0) {
            // An empty line: Redis ignores it (a terminal's bare Enter).
            frame.release();
            state = START;
            return true;
        }
        return deliver(sink);
    }

    /** Reports a protocol error to the handler, then ignores the session's input for good. */
    private void fail(FrameSink sink, String text) throws Exception {
        state = FAILED;
        inline = null;
        inlineLength = 0;
        header.reset();
        try {
            sink.frame(frame.error(text));
        } finally {
            frame.release();
        }
    }

    /** The byte as Redis's {@code %c} shows it, without line breaks (they would break the reply). */
    private static char printable(byte b) {
        return b == '\r' || b == '\n' ? ' ' : (char) (b & 0xFF);
    }

    /**
     * A {@code *N} or {@code $N} line: like Redis, it ends at {@code \r} and the byte after it
     * (not checked to be {@code \n}) must have arrived. Only the first bytes are kept: a longer
     * line cannot hold a valid number, and its length is still counted for the size limit.
     */
    private static final class HeaderLine {

        static final long INVALID = Long.MIN_VALUE;

        private final byte[] kept = new byte[24];
        private int length;
        private boolean sawCr;
        private boolean complete;

        void reset() {
            length = 0;
            sawCr = false;
            complete = false;
        }

        int length() {
            return length;
        }

        /** The line's first byte; an empty line's is its {@code \r}. */
        byte first() {
            return length == 0 ? (byte) '\r' : kept[0];
        }

        /** Whether the line has ended (its {@code \r} and the byte after it read). */
        boolean complete() {
            return complete;
        }

        /**
         * Consumes the line's bytes from {@code a[p..lim)}, up to its end or until it is longer
         * than {@link #MAX_INLINE}; returns where it stopped.
         */
        int read(byte[] a, int p, int lim) {
            while (p < lim) {
                byte b = a[p++];
                if (sawCr) {
                    complete = true;
                    return p;
                }
                if (b == '\r') {
                    sawCr = true;
                    continue;
                }
                if (length < kept.length) {
                    kept[length] = b;
                }
                length++;
                if (length > MAX_INLINE) {
                    return p;
                }
            }
            return p;
        }

        /** The number after the first byte, by Redis's {@code string2ll} rules, or {@link #INVALID}. */
        long number() {
            int from = 1;
            int to = length;
            if (to - from < 1 || to > kept.length) {
                return INVALID;
            }
            if (to - from == 1 && kept[from] == '0') {
                return 0;
            }
            boolean negative = kept[from] == '-';
            if (negative && ++from == to) {
                return INVALID;
            }
            if (kept[from] < '1' || kept[from] > '9') {
                return INVALID;
            }
            long value = 0;
            for (int i = from; i < to; i++) {
                int d = kept[i] - '0';
                if (d < 0 || d > 9) {
                    return INVALID;
                }
                if (value > (Long.MAX_VALUE - d) / 10) {
                    return INVALID;
                }
                value = value * 10 + d;
            }
            return negative ? -value : value;
        }
    }
}
