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

    private HandlerConstants() {
    }
}
