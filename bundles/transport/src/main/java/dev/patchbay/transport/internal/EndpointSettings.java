package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.tls.TlsConstants;

import org.osgi.framework.VersionRange;

/**
 * One endpoint's validated configuration. {@link #parse} checks every key and reports each
 * bad value with the range it accepts, so that a refused configuration can be explained in
 * one log line.
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

    static final String DEFAULT_HOST = "127.0.0.1";
    static final String DEFAULT_CODEC = "line";
    static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    static final int DEFAULT_IDLE_TIMEOUT = 300;
    static final int DEFAULT_WRITE_TIMEOUT = 30;
    static final int DEFAULT_BACKLOG = 1024;
    static final int DEFAULT_MAX_FRAME_SIZE = 8192;
    static final int DEFAULT_MAX_PENDING_WRITE_BYTES = 1 << 20;
    static final int DEFAULT_DRAIN_TIMEOUT = 5;
    static final int DEFAULT_HANDLER_WAIT_TIMEOUT = 5;
    static final int DEFAULT_WRITE_MIN_RATE = 1024;

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

    /** One refused key. */
    record Refusal(String key, String value, String accepted) {
        @Override
        public String toString() {
            return key + "=" + value + " (accepted: " + accepted + ")";
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
        SettingsReader r = new SettingsReader(props);
        String host = r.string("host", DEFAULT_HOST);
        if (host.isBlank()) {
            r.refuse("host", host, "a host name or IP address of this machine");
        }
        int port = r.integer("port", null, 1, 65535);
        String codec = r.name("codec", DEFAULT_CODEC);
        String tls = r.optionalName(TlsConstants.ENDPOINT_KEY);
        String handler = r.name("handler", null);
        VersionRange handlerVersion = r.versionRange("handler.version");
        List<FilterRef> filters = r.filters("filters");
        String ratelimit = r.optionalName("ratelimit");
        if (ratelimit != null) {
            String name = FilterConstants.RATELIMIT_PREFIX + ratelimit;
            List<FilterRef> withLimit = new ArrayList<>();
            withLimit.add(new FilterRef(name, true));
            filters.stream().filter(f -> !f.name().equals(name)).forEach(withLimit::add);
            filters = List.copyOf(withLimit);
        }
        EndpointSettings s = new EndpointSettings(host.trim(), port, codec, tls, handler, handlerVersion, filters,
                r.integer("max.connections", DEFAULT_MAX_CONNECTIONS, 1, 10_000_000),
                r.integer("idle.timeout", DEFAULT_IDLE_TIMEOUT, 0, 86_400),
                r.integer("write.timeout", DEFAULT_WRITE_TIMEOUT, 1, 3600),
                r.integer("backlog", DEFAULT_BACKLOG, 1, 65535),
                r.bool("tcp.nodelay", true),
                r.integer("receive.buffer.size", 0, 0, 64 << 20),
                r.integer("send.buffer.size", 0, 0, 64 << 20),
                r.integer("max.frame.size", DEFAULT_MAX_FRAME_SIZE, 1, 64 << 20),
                r.integer("max.pending.write.bytes", DEFAULT_MAX_PENDING_WRITE_BYTES, 1024, 1 << 30),
                r.integer("drain.timeout", DEFAULT_DRAIN_TIMEOUT, 0, 3600),
                r.integer("handler.wait.timeout", DEFAULT_HANDLER_WAIT_TIMEOUT, 0, 3600),
                r.swapPolicy("swap.policy"),
                r.executor(HandlerConstants.EXECUTOR),
                r.integer("write.min.rate", DEFAULT_WRITE_MIN_RATE, 0, 1 << 30));
        return new Parsed(r.refusals().isEmpty() ? s : null, r.refusals());
    }
}
