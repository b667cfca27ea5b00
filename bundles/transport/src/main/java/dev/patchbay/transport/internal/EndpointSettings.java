package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.tls.TlsConstants;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.ConfigSchema;
import dev.patchbay.support.config.Refusal;

import org.osgi.framework.VersionRange;

/**
 * One endpoint's validated configuration. {@link #parse} checks every key against the
 * metatype {@link EndpointConfig} declares and reports each bad value with what it accepts, so
 * that a refused configuration can be explained in one log line.
 */
record EndpointSettings(
        String host,
        int port,
        String codec,
        String tls,
        String handler,
        VersionRange handlerVersion,
        List<FilterRef> filters,
        int maxConnections,
        int idleTimeoutSeconds,
        int writeTimeoutSeconds,
        int backlog,
        boolean tcpNoDelay,
        int receiveBufferSize,
        int sendBufferSize,
        int maxFrameSize,
        int maxPendingWriteBytes,
        int drainTimeoutSeconds,
        int handlerWaitTimeoutSeconds,
        SwapPolicy swapPolicy,
        boolean onWorker,
        int writeMinRate) {

    /** The declaration of every key: defaults, ranges and options come from it, not from this class. */
    static final ConfigSchema SCHEMA = ConfigSchema.of(EndpointConfig.class);

    /** Declared keys a handler reads (Session.endpointSetting), not the transport. */
    static final Set<String> HANDLER_KEYS = Set.of("requirepass");

    /** What live sessions do when the handler serving new sessions changes. */
    enum SwapPolicy {
        /** Move to the new handler from their next frame. */
        HANDOVER,
        /** Stay on the old handler until they close or drain.timeout passes. */
        DRAIN;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A filter named by the endpoint; {@code required} unless written with a trailing {@code ?}. */
    record FilterRef(String name, boolean required) {
        @Override
        public String toString() {
            return required ? name : name + "?";
        }
    }

    /** The settings, or the reasons they were refused. */
    record Parsed(EndpointSettings settings, List<Refusal> refusals) {
        boolean ok() {
            return refusals.isEmpty();
        }
    }

    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static Parsed parse(Map<String, ?> props) {
        ConfigReader r = new ConfigReader(SCHEMA, props);
        EndpointSettings s = read(r);
        return new Parsed(r.refusals().isEmpty() ? s : null, r.refusals());
    }

    /** Reads every key through {@code r}: the metatype's ranges, then the rules metatype cannot express. */
    static EndpointSettings read(ConfigReader r) {
        SettingsReader rules = new SettingsReader(r);
        String host = r.string("host");
        if (host.isBlank()) {
            r.refuse("host", host, "a host name or IP address of this machine");
        }
        int port = r.integer("port");
        String codec = rules.name("codec");
        String tls = rules.optionalName(TlsConstants.ENDPOINT_KEY);
        String handler = rules.name("handler");
        VersionRange handlerVersion = rules.versionRange("handler.version");
        List<FilterRef> filters = rules.filters("filters");
        String ratelimit = rules.optionalName("ratelimit");
        if (ratelimit != null) {
            String name = FilterConstants.RATELIMIT_PREFIX + ratelimit;
            List<FilterRef> withLimit = new ArrayList<>();
            withLimit.add(new FilterRef(name, true));
            filters.stream().filter(f -> !f.name().equals(name)).forEach(withLimit::add);
            filters = List.copyOf(withLimit);
        }
        return new EndpointSettings(host.trim(), port, codec, tls, handler, handlerVersion, filters,
                r.integer("max.connections"),
                r.integer("idle.timeout"),
                r.integer("write.timeout"),
                r.integer("backlog"),
                r.bool("tcp.nodelay"),
                r.integer("receive.buffer.size"),
                r.integer("send.buffer.size"),
                r.integer("max.frame.size"),
                r.integer("max.pending.write.bytes"),
                r.integer("drain.timeout"),
                r.integer("handler.wait.timeout"),
                SwapPolicy.valueOf(r.option("swap.policy").toUpperCase(Locale.ROOT)),
                HandlerConstants.EXECUTOR_WORKER.equals(r.option(HandlerConstants.EXECUTOR)),
                r.integer("write.min.rate"));
    }
}
