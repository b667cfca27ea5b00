package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;

import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameException;
import dev.patchbay.api.codec.FrameSink;

/**
 * Decoding state of {@link LengthPrefixedCodec} for one session.
 */
final class LengthPrefixedDecoder implements FrameDecoder {

    private static final int HEADER = LengthPrefixedCodec.HEADER;

    private final int maxFrameSize;
    private final PartialFrame partial = new PartialFrame();

    LengthPrefixedDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public int pendingBytes() {
        return partial.length();
    }

    @Override
    public void decode(ByteBuffer in, FrameSink sink) throws Exception {
        if (!partial.isEmpty() && !finishPartialFrame(in, sink)) {
            return;
        }
        while (in.remaining() >= HEADER) {
            int start = in.position();
            int length = checkedLength(LengthPrefixedCodec.readLength(in, start));
            if (in.remaining() < HEADER + length) {
                break;
            }
            int end = start + HEADER + length;
            int savedLimit = in.limit();
            in.limit(end).position(start + HEADER);
            boolean more = sink.frame(in);
            in.limit(savedLimit).position(end);
            if (!more) {
                return;
            }
        }
        if (in.hasRemaining()) {
            partial.append(in, in.limit());
        }
    }

    private boolean finishPartialFrame(ByteBuffer in, FrameSink sink) throws Exception {
        if (partial.length() < HEADER) {
            int take = Math.min(HEADER - partial.length(), in.remaining());
            partial.append(in, in.position() + take);
            if (partial.length() < HEADER) {
                return false;
            }
        }
        int length = checkedLength(LengthPrefixedCodec.readLength(partial.view(0, HEADER), 0));
        int missing = HEADER + length - partial.length();
        if (in.remaining() < missing) {
            partial.append(in, in.limit());
            return false;
        }
        partial.append(in, in.position() + missing);
        boolean more = sink.frame(partial.view(HEADER, HEADER + length));
        partial.clear();
        return more;
    }

    private int checkedLength(int length) throws FrameException {
        if (length < 0) {
            throw new FrameException("negative frame length " + length);
        }
        if (length > maxFrameSize) {
            throw new FrameException("frame of " + length + " bytes exceeds the maximum of " + maxFrameSize);
        }
        return length;
    }
}
