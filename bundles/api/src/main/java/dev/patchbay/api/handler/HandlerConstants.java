package dev.patchbay.api.handler;

/**
 * Service property names for {@link ProtocolHandler} services.
 */
public final class HandlerConstants {

    /**
     * The name endpoints use to pick the handler (endpoint key {@code handler}). Required;
     * a handler service without it is ignored.
     */
    public static final String HANDLER_NAME = "patchbay.handler.name";

    /**
     * Endpoint key choosing where the handler runs: {@value #EXECUTOR_IO} (the default: on the
     * session's I/O thread, the fastest) or {@value #EXECUTOR_WORKER} (on a bounded worker pool,
     * one session's messages in order, so a handler that blocks stalls only its own sessions).
     */
    public static final String EXECUTOR = "handler.executor";

    /** {@link #EXECUTOR} value: the session's I/O thread. */
    public static final String EXECUTOR_IO = "io";

    /** {@link #EXECUTOR} value: the transport's worker pool. */
    public static final String EXECUTOR_WORKER = "worker";

    private HandlerConstants() {
    }
}
