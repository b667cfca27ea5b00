package dev.patchbay.transport.internal;

import java.util.Locale;

import dev.patchbay.api.tls.TlsConstants;

/**
 * Sorts a failed handshake into the reason classes events and metrics count by. The JDK's TLS
 * exceptions carry their cause only in the message, so the class comes from its words.
 */
final class TlsFailure {

    private TlsFailure() {
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
