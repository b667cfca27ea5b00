package dev.patchbay.tls.internal;

import java.util.Locale;

/** Whether a profile asks clients for a certificate. */
enum ClientAuth {
    /** Never asks. */
    NONE,
    /** Asks; a client without a certificate is served, one with an untrusted certificate is refused. */
    WANT,
    /** Requires a certificate the profile's trust material verifies. */
    NEED;

    static ClientAuth parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
