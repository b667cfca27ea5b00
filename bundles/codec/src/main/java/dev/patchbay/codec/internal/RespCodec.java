package dev.patchbay.codec.internal;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

import dev.patchbay.api.codec.Codec;
import dev.patchbay.api.codec.CodecConstants;
import dev.patchbay.api.codec.FrameDecoder;

import org.osgi.service.component.annotations.Component;

/**
 * The Redis protocol (RESP2) requests, multibulk arrays and inline commands, each handed to the
 * handler as one frame {@code [int argc][int len1][bytes1]...[int lenN][bytesN]} (big-endian);
 * a protocol error as one frame {@code [int -1][int len][UTF-8 text]} after which the session's
 * input is ignored (the handler answers {@code -ERR <text>} and closes, as Redis does).
 *
 * <p>Replies are RESP bytes the handler built, written as they are.
 *
 * <p>Limits, from the endpoint's {@code max.frame.size}: an argument (bulk string) of at most
 * that many bytes (Redis's {@code proto-max-bulk-len}); a decoded request of at most
 * {@link #requestLimit} bytes; at most {@value RespDecoder#MAX_MULTIBULK} arguments; an inline
 * command line, and any {@code *}/{@code $} header line, of at most
 * {@value RespDecoder#MAX_INLINE} bytes.
 */
@Component(property = CodecConstants.CODEC_NAME + "=" + RespCodec.NAME)
public class RespCodec implements Codec {

    /** The codec's name, for the endpoint key {@code codec}. */
    public static final String NAME = "resp";

    @Override
    public FrameDecoder newDecoder(int maxFrameSize) {
        return new RespDecoder(maxFrameSize, requestLimit(maxFrameSize));
    }

    /**
     * The largest decoded request: four arguments of the largest size (an {@code MSET} of two
     * big values, a {@code SET} with options), at least 1 MiB, at most 1 GiB (Redis's own
     * {@code client-query-buffer-limit}).
     */
    static int requestLimit(int maxFrameSize) {
        long limit = Math.max(4L * maxFrameSize + 1024, 1 << 20);
        return (int) Math.min(limit, 1 << 30);
    }

    @Override
    public int maxEncodedLength(int frameLength) {
        return frameLength;
    }

    @Override
    public void encode(ByteBuffer frame, ByteBuffer out) {
        int n = frame.remaining();
        if (n > out.remaining()) {
            throw new BufferOverflowException();
        }
        if (frame.hasArray() && out.hasArray()) {
            // Once per reply: the array copy skips the buffer-to-buffer copy's checks, which
            // cost more than a short reply's bytes.
            System.arraycopy(frame.array(), frame.arrayOffset() + frame.position(),
                    out.array(), out.arrayOffset() + out.position(), n);
            frame.position(frame.position() + n);
            out.position(out.position() + n);
        } else {
            out.put(frame);
        }
    }
}
