package dev.patchbay.transport.internal;

import java.util.Locale;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.tls.TlsConstants;

import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.patchbay.support.log.ThrottledLog;

/**
 * Sorts a failed handshake into the reason classes events and metrics count by, and reports a
 * TLS failure after the handshake. The JDK's TLS exceptions carry their cause only in the
 * message, so the class comes from its words.
 */
final class TlsFailure {

    private static final Logger LOG = LoggerFactory.getLogger(TlsFailure.class);
    private static final ThrottledLog SECURED_LOG = new ThrottledLog(LOG, 10, "TLS failure(s) of secured sessions");

    private TlsFailure() {
    }

    /**
     * A session past its handshake failed in TLS and is about to close: a client-initiated
     * renegotiation refused ({@code jdk.tls.rejectClientInitiatedRenegotiation}), or a broken
     * record. Logged (throttled) and posted as a handshake failure, so the audit has it.
     */
    static void securedSessionFailed(PatchbaySession s, String profile, Throwable cause) {
        Endpoint e = s.owner();
        IoSession io = s.io();
        String reason = reason(cause);
        boolean renegotiation = reason.toLowerCase(Locale.ROOT).contains("renegotiation");
        String what = renegotiation ? "TLS renegotiation refused" : "TLS failed after the handshake";
        if (SECURED_LOG.allow("Endpoint " + e.name())) {
            LOG.info("Endpoint {}: {} on session {} from {} (profile {}): {}; closing the session", e.name(), what, s.id(),
                    io.getRemoteAddress(), profile, reason);
        }
        e.core().post(Topics.TLS_HANDSHAKE_FAILED, e.props(
                EventProperties.SESSION, s.id(),
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()),
                EventProperties.LOCAL, String.valueOf(io.getLocalAddress()),
                EventProperties.PROFILE, profile,
                EventProperties.REASON_CLASS, reasonClass(cause),
                EventProperties.REASON, (renegotiation ? "renegotiation refused: " : "") + reason));
    }

    static String reasonClass(Throwable cause) {
        StringBuilder words = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            words.append(' ').append(t.getClass().getSimpleName()).append(' ').append(t.getMessage());
        }
        String m = words.toString().toLowerCase(Locale.ROOT);
        if (m.contains("requested protocol") || m.contains("no appropriate protocol") || m.contains("protocol_version")) {
            return TlsConstants.REASON_PROTOCOL;
        }
        if (m.contains("certificate") || m.contains("pkix") || m.contains("unknown_ca")
                || m.contains("certpath") || m.contains("validator")) {
            return TlsConstants.REASON_CERTIFICATE;
        }
        if (m.contains("cipher") || m.contains("insufficient_security")) {
            return TlsConstants.REASON_CIPHER;
        }
        if (m.contains("protocol") || m.contains("unrecognized ssl message") || m.contains("plaintext")
                || m.contains("unsupported or unrecognized")) {
            return TlsConstants.REASON_PROTOCOL;
        }
        return TlsConstants.REASON_OTHER;
    }

    /** The innermost message, which names what the peer or the engine objected to. */
    static String reason(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
