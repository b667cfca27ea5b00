package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;

import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameException;
import dev.patchbay.api.codec.FrameSink;

/**
 * Decoding state of {@link LineCodec} for one session.
 */
final class LineDecoder implements FrameDecoder {

    private final int maxLineLength;
    private final PartialFrame partial = new PartialFrame();

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
            int newline = indexOfNewline(in, start, in.limit());
            if (newline < 0) {
                checkUnfinishedLength(in.remaining(), in.get(in.limit() - 1));
                partial.append(in, in.limit());
                return;
            }
            int end = newline > start && in.get(newline - 1) == '\r' ? newline - 1 : newline;
            checkLength(end - start);
            checkUtf8(in, start, end);
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
