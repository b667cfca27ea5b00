package dev.patchbay.api.codec;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Cuts a byte stream into frames and frames outgoing replies.
 *
 * <p>Register an implementation as an OSGi service with the property
 * {@link CodecConstants#CODEC_NAME}; endpoints pick it by that name (endpoint key
 * {@code codec}). A codec service is shared by every session that uses it and must be
 * thread-safe; per-session decoding state lives in the {@link FrameDecoder} it creates.
 */
@ConsumerType
public interface Codec {

    /**
     * Creates the decoding state of one session.
     *
     * @param maxFrameSize the largest frame payload, in bytes, the endpoint accepts
     */
    FrameDecoder newDecoder(int maxFrameSize);

    /** The most bytes {@link #encode} can write for a frame of {@code frameLength} bytes. */
    int maxEncodedLength(int frameLength);

    /**
     * Writes the frame between {@code frame.position()} and {@code frame.limit()} into
     * {@code out}, with its framing. The transport guarantees {@code out} has at least
     * {@link #maxEncodedLength(int)} bytes remaining.
     *
     * @throws FrameException if the frame cannot be expressed in this codec
     */
    void encode(ByteBuffer frame, ByteBuffer out) throws FrameException;
}
