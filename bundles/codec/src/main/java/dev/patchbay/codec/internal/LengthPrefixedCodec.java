package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.CodecConstants;
import dev.patchbay.api.codec.FrameDecoder;

import org.osgi.service.component.annotations.Component;

/**
 * Frames preceded by their payload length as a 4-byte big-endian integer.
 */
@Component(property = CodecConstants.CODEC_NAME + "=" + CodecConstants.LENGTH_PREFIXED)
public class LengthPrefixedCodec implements Codec {

    static final int HEADER = Integer.BYTES;

    @Override
    public FrameDecoder newDecoder(int maxFrameSize) {
        return new LengthPrefixedDecoder(maxFrameSize);
    }

    @Override
    public int maxEncodedLength(int frameLength) {
        return HEADER + frameLength;
    }

    @Override
    public void encode(ByteBuffer frame, ByteBuffer out) {
        out.putInt(frame.remaining()).put(frame);
    }
}
