package dev.patchbay.api.codec;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives decoded frames from a {@link FrameDecoder}. Implemented by the transport.
 */
@ProviderType
@FunctionalInterface
public interface FrameSink {

    /**
     * One complete frame, between {@code position()} and {@code limit()} of {@code frame}.
     *
     * @return {@code true} to go on decoding, {@code false} to stop: the decoder then returns
     *         at once with the input's position just after this frame, and the caller keeps
     *         the rest of the input for a later call
     */
    boolean frame(ByteBuffer frame) throws Exception;
}
