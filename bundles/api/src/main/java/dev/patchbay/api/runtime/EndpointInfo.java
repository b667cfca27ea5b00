package dev.patchbay.api.runtime;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one endpoint.
 *
 * @param name           the endpoint's name, from its configuration file name
 * @param address        the address it is bound to, {@code host:port}, or the configured one
 *                       when not bound
 * @param codec          codec name
 * @param tls            the TLS profile it requires, or {@code null} for plaintext
 * @param handler        handler name
 * @param handlerVersion version of the handler serving new sessions, or {@code null} if none
 * @param swapPolicy     {@code handover} or {@code drain}: what existing sessions do when
 *                       the handler serving new sessions changes
 * @param sessionsByVersion open sessions per handler version serving them; {@code held}
 *                       counts sessions waiting for a handler
 * @param filters        the filters the endpoint lists, as configured (optional ones end in
 *                       {@code ?}); not necessarily in the order they run
 * @param activeFilters  the filters present and in the chain, in the order they run
 * @param state          what the endpoint is doing
 * @param detail         why, when the state is not {@link EndpointState#LISTENING}; else empty
 * @param sessions       open sessions
 * @param connectionsRefused connections closed at accept since the endpoint started
 *                       (limits, filters, fail-closed)
 * @param framesRejected sessions closed for a malformed or oversized frame since the
 *                       endpoint started
 * @param source         the configuration file, or the PID when it did not come from a file
 * @param pid            the ConfigAdmin PID of the endpoint's configuration
 */
public record EndpointInfo(String name, String address, String codec, String tls, String handler,
        String handlerVersion, String swapPolicy, Map<String, Integer> sessionsByVersion, List<String> filters, List<String> activeFilters,
        EndpointState state, String detail, int sessions, long connectionsRefused,
        long framesRejected, String source, String pid) {

    public EndpointInfo {
        sessionsByVersion = Map.copyOf(sessionsByVersion);
        filters = List.copyOf(filters);
        activeFilters = List.copyOf(activeFilters);
    }
}
