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
        int length = frame.remaining();
        out.put((byte) (length >>> 24)).put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        out.put(frame);
    }

    /** The big-endian length at {@code index}, whatever byte order {@code buf} is set to. */
    static int readLength(ByteBuffer buf, int index) {
        return (buf.get(index) & 0xFF) << 24 | (buf.get(index + 1) & 0xFF) << 16
                | (buf.get(index + 2) & 0xFF) << 8 | (buf.get(index + 3) & 0xFF);
    }
}
