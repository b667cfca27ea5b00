package dev.patchbay.api.observe;

import java.time.Duration;

/**
 * A closed session's account.
 *
 * @param cause       why it closed, for counting
 * @param reason      why it closed, in words, as logged
 * @param duration    from accept to close
 * @param bytesIn     bytes read from the socket (on a TLS endpoint, the TLS records)
 * @param bytesOut    bytes written to the socket (on a TLS endpoint, the TLS records)
 * @param messagesIn  frames delivered to the handler
 * @param messagesOut replies the handler wrote
 */
public record SessionSummary(CloseCause cause, String reason, Duration duration,
        long bytesIn, long bytesOut, long messagesIn, long messagesOut) {
}
