package dev.patchbay.api.codec;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decoding state of one session. Used by one thread at a time; never shared between sessions.
 */
@ConsumerType
public interface FrameDecoder {

    /**
     * Hands every complete frame in {@code in} to {@code sink}, in order, and consumes all of
     * {@code in}: bytes of an incomplete trailing frame are kept by the decoder until the next
     * call. Stops early, leaving the rest of {@code in} unconsumed, when the sink returns
     * {@code false}. The buffer given to the sink is valid only during the sink call, and the
     * decoder finds the limit and position of {@code in} as it left them after the call.
     *
     * @throws FrameException if the input is malformed or a frame exceeds the maximum size;
     *                        the transport then closes the session
     * @throws Exception      whatever the sink throws, unchanged
     */
    void decode(ByteBuffer in, FrameSink sink) throws Exception;

    /** Bytes held for an incomplete frame. */
    int pendingBytes();
}
