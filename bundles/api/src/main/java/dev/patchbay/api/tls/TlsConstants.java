package dev.patchbay.api.tls;

/**
 * Names shared by the TLS bundle, the transport and the endpoints' configuration.
 */
public final class TlsConstants {

    /** Service property: the name of a {@link TlsProfile}. */
    public static final String PROFILE = "patchbay.tls.profile";

    /** Endpoint configuration key naming the TLS profile; absent means plaintext. */
    public static final String ENDPOINT_KEY = "tls";

    /** Handshake failure reason classes, the value of {@code reason.class} in events. */
    public static final String REASON_PROTOCOL = "protocol";
    public static final String REASON_CIPHER = "cipher";
    public static final String REASON_CERTIFICATE = "certificate";
    public static final String REASON_TIMEOUT = "timeout";
    public static final String REASON_OTHER = "other";

    private TlsConstants() {
    }
}
