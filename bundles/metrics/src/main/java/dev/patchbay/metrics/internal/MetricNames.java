package dev.patchbay.metrics.internal;

import java.util.Locale;

/**
 * Dropwizard names of Patchbay's metrics. Label values are dotted segments of the name, which
 * {@link PrometheusMapping} turns back into labels; a segment escapes {@code .} and {@code %}
 * so that a value such as a handler version {@code 1.2.0} stays one segment.
 */
public final class MetricNames {

    public static final String CONNECTIONS_OPENED = "patchbay.connections.opened";
    public static final String CONNECTIONS_ACTIVE = "patchbay.connections.active";
    public static final String CONNECTIONS_MAX = "patchbay.connections.max";
    public static final String MESSAGES_RECEIVED = "patchbay.messages.received";
    public static final String MESSAGES_SENT = "patchbay.messages.sent";
    public static final String BYTES_RECEIVED = "patchbay.bytes.received";
    public static final String BYTES_SENT = "patchbay.bytes.sent";
    /** Followed by endpoint and type. */
    public static final String ERRORS = "patchbay.errors";
    public static final String MESSAGE_LATENCY = "patchbay.message.latency";
    public static final String CONNECTION_DURATION = "patchbay.connection.duration";
    public static final String SESSIONS_HELD = "patchbay.sessions.held";
    public static final String ENDPOINT_UP = "patchbay.endpoint.up";
    /** Followed by endpoint and profile. */
    public static final String RATELIMIT_REFUSED = "patchbay.ratelimit.refused";
    /** Followed by endpoint and profile. */
    public static final String RATELIMIT_DELAYED = "patchbay.ratelimit.delayed";
    /** Followed by endpoint and reason class. */
    public static final String TLS_HANDSHAKE_FAILURES = "patchbay.tls.handshake.failures";
    /** Followed by endpoint, handler and version. */
    public static final String HANDLER_SWAPS = "patchbay.handler.swaps";
    public static final String HANDLER_HOLDS = "patchbay.handler.holds";
    /** Followed by the TLS profile: seconds until its certificate chain expires. */
    public static final String TLS_CERTIFICATE_EXPIRY = "patchbay.tls.certificate.expiry";

    /** Transport-wide, from the transport's status: no labels unless said. */
    public static final String TRANSPORT_MEMORY_BUDGET = "patchbay.transport.memory.budget";
    public static final String TRANSPORT_MEMORY_HELD = "patchbay.transport.memory.held";
    /** Followed by the state ({@code normal}, {@code pressure}, {@code full}): 1 for the current one. */
    public static final String TRANSPORT_MEMORY_STATE = "patchbay.transport.memory.state";
    public static final String TRANSPORT_SESSIONS_PAUSED = "patchbay.transport.sessions.paused";
    public static final String TRANSPORT_REFUSED_MEMORY = "patchbay.transport.connections.refused.memory";
    public static final String TRANSPORT_SLOW_READERS_CLOSED = "patchbay.transport.slow.readers.closed";
    public static final String TRANSPORT_PLUGIN_FAILURES = "patchbay.transport.plugin.failures";
    public static final String TRANSPORT_IO_THREADS_STUCK = "patchbay.transport.io.threads.stuck";
    public static final String TRANSPORT_IO_ALLOCATED = "patchbay.transport.io.allocated.bytes";

    /** Error types besides the erroneous close causes. */
    public static final String ERROR_TLS_HANDSHAKE = "tls_handshake";
    public static final String ERROR_REFUSED = "refused";

    /** A label value for metrics whose event lacked the property. */
    public static final String UNKNOWN = "unknown";

    private MetricNames() {
    }

    /** {@code base.seg1.seg2…} with every segment escaped. */
    public static String name(String base, String... labelValues) {
        StringBuilder name = new StringBuilder(base);
        for (String value : labelValues) {
            name.append('.').append(escape(value));
        }
        return name.toString();
    }

    /** A label value as one name segment. */
    static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return UNKNOWN;
        }
        if (value.indexOf('.') < 0 && value.indexOf('%') < 0) {
            return value;
        }
        return value.replace("%", "%25").replace(".", "%2E");
    }

    /** The label value a segment stands for. */
    static String unescape(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        return segment.replace("%2E", ".").replace("%25", "%");
    }

    /** The {@code type} label of an erroneous close cause, such as {@code io_error}. */
    static String errorType(Enum<?> cause) {
        return cause.name().toLowerCase(Locale.ROOT);
    }
}
