package dev.patchbay.api.observe;

/**
 * Why a session closed, as a bounded set for counting; {@link SessionSummary#reason()} has the
 * words.
 */
public enum CloseCause {
    /** The client closed the connection or its output. */
    CLIENT,
    /** The handler closed it. */
    HANDLER,
    /** The handler threw. */
    HANDLER_ERROR,
    /** The codec rejected a frame (malformed or oversized). */
    FRAME_REJECTED,
    /** Nothing was read or written for {@code idle.timeout}. */
    IDLE_TIMEOUT,
    /**
     * The client did not read its replies for {@code write.timeout}, or read them slower than
     * {@code write.min.rate}, or left more than {@code max.pending.write.bytes} unread while
     * another thread wrote to its session (a slow pub/sub subscriber).
     */
    WRITE_TIMEOUT,
    /** A socket error. */
    IO_ERROR,
    /** No handler arrived within {@code handler.wait.timeout}. */
    HOLD_TIMEOUT,
    /** Draining, or the endpoint stopped or moved away from the session. */
    DRAINED,
    /** Closed from the console or the runtime service. */
    OPERATOR,
    /** Anything else, such as a transport failure. */
    OTHER;

    /** Whether the close counts as an error of the session (not of the client's choosing). */
    public boolean isError() {
        return this == HANDLER_ERROR || this == FRAME_REJECTED || this == WRITE_TIMEOUT
                || this == IO_ERROR || this == HOLD_TIMEOUT || this == OTHER;
    }
}
