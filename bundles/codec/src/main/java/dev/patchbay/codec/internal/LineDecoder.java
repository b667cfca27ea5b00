package dev.patchbay.codec.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameException;
import dev.patchbay.api.codec.FrameSink;

/**
 * Decoding state of {@link LineCodec} for one session.
 */
final class LineDecoder implements FrameDecoder {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';

    private final int maxLineLength;
    private final PartialFrame partial = new PartialFrame();
    /** Whether the line {@link #scanLine} last found has a byte above 127, and so needs the UTF-8 check. */
    private boolean nonAscii;

    LineDecoder(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    @Override
    public int pendingBytes() {
        return partial.length();
    }

    @Override
    public void decode(ByteBuffer in, FrameSink sink) throws Exception {
        if (!partial.isEmpty() && !finishPartialLine(in, sink)) {
            return;
        }
        while (in.hasRemaining()) {
            int start = in.position();
            int newline = scanLine(in, start, in.limit());
            if (newline < 0) {
                checkUnfinishedLength(in.remaining(), in.get(in.limit() - 1));
                partial.append(in, in.limit());
                return;
            }
            int end = newline > start && in.get(newline - 1) == '\r' ? newline - 1 : newline;
            checkLength(end - start);
            if (nonAscii) {
                checkUtf8(in, start, end);
            }
            int savedLimit = in.limit();
            in.limit(end).position(start);
            boolean more = sink.frame(in);
            in.limit(savedLimit).position(newline + 1);
            if (!more) {
                return;
            }
        }
    }

    /** Completes a line begun in an earlier read; returns whether decoding goes on. */
    private boolean finishPartialLine(ByteBuffer in, FrameSink sink) throws Exception {
        int newline = indexOfNewline(in, in.position(), in.limit());
        if (newline < 0) {
            byte last = in.hasRemaining() ? in.get(in.limit() - 1) : partial.byteAt(partial.length() - 1);
            checkUnfinishedLength(partial.length() + in.remaining(), last);
            partial.append(in, in.limit());
            return false;
        }
        partial.append(in, newline);
        in.position(newline + 1);
        int end = partial.length();
        if (end > 0 && partial.byteAt(end - 1) == '\r') {
            end--;
        }
        checkLength(end);
        ByteBuffer line = partial.view(0, end);
        checkUtf8(line, 0, end);
        boolean more = sink.frame(line);
        partial.clear();
        return more;
    }

    /**
     * Refuses a line still waiting for its {@code '\n'} as soon as it is too long, allowing
     * one more byte only when that byte is a {@code '\r'} that the line end may strip.
     */
    private void checkUnfinishedLength(int length, byte last) throws FrameException {
        checkLength(last == '\r' ? length - 1 : length);
    }

    private void checkLength(int length) throws FrameException {
        if (length > maxLineLength) {
            throw new FrameException("line longer than " + maxLineLength + " bytes");
        }
    }

    private static void checkUtf8(ByteBuffer buf, int from, int to) throws FrameException {
        if (!Utf8.isValid(buf, from, to)) {
            throw new FrameException("line is not valid UTF-8");
        }
    }

    /**
     * Finds the next {@code '\n'} and notes whether any byte before it is not ASCII, in one pass
     * of eight bytes at a time: an ASCII line, the common case, is then read once and never
     * checked byte by byte for UTF-8.
     *
     * @return the index of the {@code '\n'}, or -1
     */
    private int scanLine(ByteBuffer buf, int from, int to) {
        if (!buf.hasArray()) {
            int newline = indexOfNewline(buf, from, to);
            nonAscii = true;
            return newline;
        }
        byte[] a = buf.array();
        int off = buf.arrayOffset();
        long high = 0;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(a, off + i);
            long x = word ^ NEWLINES;
            // The lowest byte of x that is zero sets its high bit here (higher ones may be false hits).
            long zero = (x - ONES) & ~x & HIGH_BITS;
            if (zero != 0) {
                int before = Long.numberOfTrailingZeros(zero) >>> 3;
                high |= before == 0 ? 0 : word & (-1L >>> (Long.SIZE - Byte.SIZE * before));
                nonAscii = (high & HIGH_BITS) != 0;
                return i + before;
            }
            high |= word;
        }
        for (; i < to; i++) {
            byte b = a[off + i];
            if (b == '\n') {
                nonAscii = (high & HIGH_BITS) != 0;
                return i;
            }
            high |= b;
        }
        nonAscii = (high & HIGH_BITS) != 0;
        return -1;
    }

    private static int indexOfNewline(ByteBuffer buf, int from, int to) {
        if (buf.hasArray()) {
            byte[] a = buf.array();
            int off = buf.arrayOffset();
            for (int i = from; i < to; i++) {
                if (a[off + i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (buf.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
