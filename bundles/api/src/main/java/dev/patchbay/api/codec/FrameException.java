package dev.patchbay.api.codec;

/**
 * Input that breaks the codec's rules: a frame longer than allowed, a bad length prefix,
 * bytes that are not valid in the codec's encoding. The session that sent it is closed.
 */
public class FrameException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the frame was refused, in words for an operator, e.g. {@code "line longer than 8192 bytes"}. */
    public FrameException(String reason) {
        super(reason);
    }
}
