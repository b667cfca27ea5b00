package dev.patchbay.api.runtime;

/**
 * What an endpoint is doing.
 */
public enum EndpointState {
    /** Bound and serving. */
    LISTENING,
    /** Bound; accepted connections are held until the named handler is installed. */
    WAITING_FOR_HANDLER,
    /** Not bound: the named codec is not installed. */
    WAITING_FOR_CODEC,
    /**
     * Bound, but closing every new connection at accept, before reading a byte: the endpoint's
     * TLS profile is not available (TLS bundle stopped, profile not configured or its material
     * refused). It never falls back to plaintext.
     */
    WAITING_FOR_TLS,
    /** Bound but refusing every new connection: a required filter is missing. */
    FAIL_CLOSED,
    /** Not bound: its configuration was refused and there is no earlier good one. */
    REFUSED,
    /** Not bound: binding the address failed (in use, not local). */
    BIND_FAILED,
    /** Not accepting: draining by operator request; open sessions finish. */
    DRAINING,
    /** Stopped. */
    STOPPED
}
