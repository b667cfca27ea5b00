package dev.patchbay.handler.resp.internal;

/**
 * A command's error reply, thrown to abandon the command; the dispatcher discards what the
 * command had written and sends {@code -<message>\r\n}. No stack trace: errors are answers, not
 * faults, and clients can provoke them at will.
 */
final class RespError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RespError(String message) {
        super(message, null, false, false);
    }

    static RespError err(String text) {
        return new RespError("ERR " + text);
    }
}
