package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.CodecConstants;
import dev.patchbay.api.codec.FrameDecoder;

import org.osgi.service.component.annotations.Component;

/**
 * Lines of UTF-8 text ended by {@code \n} or {@code \r\n}. Frames are the line without its
 * ending; replies get {@code \n} appended. The decoder scans bytes for the delimiter and checks
 * UTF-8 in place, without decoding characters.
 */
@Component(property = CodecConstants.CODEC_NAME + "=" + CodecConstants.LINE)
public class LineCodec implements Codec {

    @Override
    public FrameDecoder newDecoder(int maxFrameSize) {
        return new LineDecoder(maxFrameSize);
    }

    @Override
    public int maxEncodedLength(int frameLength) {
        return frameLength + 1;
    }

    @Override
    public void encode(ByteBuffer frame, ByteBuffer out) {
        out.put(frame).put((byte) '\n');
    }
}
