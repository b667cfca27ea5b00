package dev.patchbay.metrics.internal;

import java.util.List;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;

/**
 * Whether an endpoint serves: bound, with its handler and its required filters, which the
 * transport reports as {@link EndpointState#LISTENING}. Anything else is a reason not to send
 * traffic to this server.
 */
final class EndpointReadiness {

    private EndpointReadiness() {
    }

    static List<EndpointInfo> failing(List<EndpointInfo> endpoints) {
        return endpoints.stream().filter(e -> e.state() != EndpointState.LISTENING).toList();
    }

    /** One line for an operator, e.g. {@code echo: WAITING_FOR_HANDLER (no handler echo installed)}. */
    static String describe(EndpointInfo endpoint) {
        String detail = endpoint.detail() == null || endpoint.detail().isEmpty() ? "" : " (" + endpoint.detail() + ")";
        return endpoint.name() + ": " + endpoint.state() + detail;
    }
}
