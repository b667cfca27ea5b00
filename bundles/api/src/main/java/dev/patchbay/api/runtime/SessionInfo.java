package dev.patchbay.api.runtime;

import java.time.Instant;

/**
 * A snapshot of one session.
 *
 * @param handlerVersion version of the handler serving it, or {@code null} while it is held
 */
public record SessionInfo(long id, String endpoint, String remote, String local,
        String handler, String handlerVersion, Instant openedAt,
        long bytesIn, long bytesOut, long messagesIn, long messagesOut) {
}
