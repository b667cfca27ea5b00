package dev.patchbay.transport.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The one declaration of an endpoint's settings: key, type, default, range, options and
 * description. bnd turns it into the metatype operators and tools read; {@link EndpointSettings}
 * validates the raw properties against that same metatype (through {@code ConfigReader}), so
 * that a bad value is refused with its key and value instead of failing a type conversion.
 */
@ObjectClassDefinition(
        name = "Patchbay endpoint",
        description = "One listening TCP socket. One file per endpoint: etc/dev.patchbay.endpoint-<name>.cfg. "
                + "Changes take effect live; a bad value is refused and the endpoint keeps its last good configuration.")
@interface EndpointConfig {

    @AttributeDefinition(description = "Address to bind. Default 127.0.0.1 (loopback only); 0.0.0.0 or :: opens the endpoint to the network.")
    String host() default "127.0.0.1";

    @AttributeDefinition(min = "1", max = "65535", description = "TCP port, 1 to 65535. Required.")
    int port();

    @AttributeDefinition(description = "Wire codec: line, length-prefixed, raw, or the name of an installed codec.")
    String codec() default "line";

    @AttributeDefinition(required = false, description = "Name of a TLS profile (etc/dev.patchbay.tls-<profile>.cfg). When set, the endpoint speaks TLS only: while the profile is not available it refuses every new connection, never falling back to plaintext.")
    String tls();

    @AttributeDefinition(description = "Name of the protocol handler. Required. While no such handler is installed, connections are held (see handler.wait.timeout).")
    String handler();

    @AttributeDefinition(name = "handler.version", required = false,
            description = "OSGi version range the handler must match, e.g. [1.0,2.0). Default: any; the highest installed version serves.")
    String handler_version();

    @AttributeDefinition(required = false,
            description = "Filters this endpoint requires, comma separated, e.g. ratelimit,tls. A name ending in ? is optional. "
                    + "While a required filter is missing, new connections are refused.")
    String[] filters();

    @AttributeDefinition(required = false,
            description = "Rate-limit and access-control profile (etc/dev.patchbay.ratelimit-<profile>.cfg). "
                    + "Makes the filter ratelimit.<profile> required: without it the endpoint refuses new connections.")
    String ratelimit();

    @AttributeDefinition(name = "max.connections", min = "1", max = "10000000", description = "Most concurrent sessions; connections beyond it are closed at accept. 1 to 10000000.")
    int max_connections() default 10_000;

    @AttributeDefinition(name = "idle.timeout", min = "0", max = "86400", description = "Seconds without reads or writes before a session is closed; 0 never. 0 to 86400.")
    int idle_timeout() default 300;

    @AttributeDefinition(name = "write.timeout", min = "1", max = "3600", description = "Seconds a write may wait for a slow client before the session is closed. 1 to 3600.")
    int write_timeout() default 30;

    @AttributeDefinition(min = "1", max = "65535", description = "Listen backlog: connections the kernel queues before they are accepted. 1 to 65535.")
    int backlog() default 1024;

    @AttributeDefinition(name = "tcp.nodelay", description = "Disable Nagle's algorithm (true sends small replies at once).")
    boolean tcp_nodelay() default true;

    @AttributeDefinition(name = "receive.buffer.size", min = "0", max = "67108864", description = "SO_RCVBUF in bytes; 0 keeps the OS default. 0 to 67108864.")
    int receive_buffer_size() default 0;

    @AttributeDefinition(name = "send.buffer.size", min = "0", max = "67108864", description = "SO_SNDBUF in bytes; 0 keeps the OS default. 0 to 67108864.")
    int send_buffer_size() default 0;

    @AttributeDefinition(name = "max.frame.size", min = "1", max = "67108864", description = "Largest frame in bytes (for the line codec: longest line). A larger one closes the session. 1 to 67108864.")
    int max_frame_size() default 8192;

    @AttributeDefinition(name = "max.pending.write.bytes", min = "1024", max = "1073741824", description = "Bytes queued for a slow client before its reads are paused until it catches up. 1024 to 1073741824.")
    int max_pending_write_bytes() default 1 << 20;

    @AttributeDefinition(name = "drain.timeout", min = "0", max = "3600", description = "Seconds a stopping endpoint (deleted configuration, transport stop, drain) keeps serving sessions that are still busy; each is then ended gracefully: reads stop, requests already read are answered, then a FIN. 0 to 3600.")
    int drain_timeout() default 5;

    @AttributeDefinition(name = "swap.policy", options = {
            @Option(value = "handover", label = "handover: live sessions move to the new handler at their next message"),
            @Option(value = "drain", label = "drain: live sessions stay on the old handler until they close or drain.timeout passes")},
            description = "What live sessions do when the handler serving new sessions changes.")
    String swap_policy() default "handover";

    @AttributeDefinition(name = "handler.wait.timeout", min = "0", max = "3600", description = "Seconds a connection is held while no matching handler is installed, before it is closed. 0 to 3600.")
    int handler_wait_timeout() default 5;

    @AttributeDefinition(name = "handler.executor", options = {
            @Option(value = "io", label = "io: on the session's I/O thread (fastest; a handler that blocks stalls every session of that thread)"),
            @Option(value = "worker", label = "worker: on the transport's bounded worker pool, each session's messages in order; a handler that blocks stalls only its own sessions")},
            description = "Where the handler runs.")
    String handler_executor() default "io";

    @AttributeDefinition(name = "write.min.rate", min = "0", max = "1073741824", description = "Bytes per second a client must read of its pending replies, measured over write.timeout; slower, it is closed. 0 turns the check off. 0 to 1073741824.")
    int write_min_rate() default 1024;

    /**
     * Read by the resp handler, not the transport (Session.endpointSetting): declared so that
     * config:meta and the WebConsole describe it, as a password field.
     */
    @AttributeDefinition(required = false, type = AttributeType.PASSWORD,
            description = "resp handler only: the password AUTH checks; absent or blank, no password. Refer to "
                    + "an environment variable or a secret rather than writing the password itself (see the README): "
                    + "the reference is resolved when it is delivered to the endpoint. Other handlers ignore it.")
    String requirepass();

    /** Felix WebConsole names each endpoint in its configuration list from this template; no component reads it. */
    @AttributeDefinition(name = "Name hint", description = "How the WebConsole names an endpoint in its list of configurations.")
    String webconsole_configurationFactory_nameHint() default "Endpoint {handler} on {host}:{port}";
}
