package dev.patchbay.api.runtime;

import java.time.Instant;

import dev.patchbay.api.handler.TlsDetails;

/**
 * A snapshot of one session.
 *
 * @param handlerVersion version of the handler serving it, or {@code null} while it is held
 * @param tls            what TLS negotiated, or {@code null} for plaintext or before the
 *                       handshake completed
 */
public record SessionInfo(long id, String endpoint, String remote, String local,
        String handler, String handlerVersion, Instant openedAt,
        long bytesIn, long bytesOut, long messagesIn, long messagesOut, TlsDetails tls) {
}
