package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.CodecConstants;
import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameSink;

import org.osgi.service.component.annotations.Component;

/**
 * No framing: each read is handed on as it arrives, cut into pieces of at most the maximum
 * frame size. Replies are written as they are.
 */
@Component(property = CodecConstants.CODEC_NAME + "=" + CodecConstants.RAW)
public class RawCodec implements Codec {

    @Override
    public FrameDecoder newDecoder(int maxFrameSize) {
        return new RawDecoder(maxFrameSize);
    }

    @Override
    public int maxEncodedLength(int frameLength) {
        return frameLength;
    }

    @Override
    public void encode(ByteBuffer frame, ByteBuffer out) {
        out.put(frame);
    }

    private static final class RawDecoder implements FrameDecoder {

        private final int maxChunk;

        RawDecoder(int maxChunk) {
            this.maxChunk = Math.max(1, maxChunk);
        }

        @Override
        public int pendingBytes() {
            return 0;
        }

        @Override
        public void decode(ByteBuffer in, FrameSink sink) throws Exception {
            while (in.hasRemaining()) {
                int start = in.position();
                int end = start + Math.min(maxChunk, in.remaining());
                int savedLimit = in.limit();
                in.limit(end);
                boolean more = sink.frame(in);
                in.limit(savedLimit).position(end);
                if (!more) {
                    return;
                }
            }
        }
    }
}
