package dev.patchbay.transport.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.patchbay.api.filter.FilterConstants;
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
        SwapPolicy swapPolicy) {

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

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

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
        Reader r = new Reader(props);
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
                r.swapPolicy("swap.policy"));
        return new Parsed(r.refusals.isEmpty() ? s : null, List.copyOf(r.refusals));
    }

    /** Reads typed values out of ConfigAdmin properties, which arrive as strings from .cfg files. */
    private static final class Reader {
        private final Map<String, ?> props;
        private final List<Refusal> refusals = new ArrayList<>();

        Reader(Map<String, ?> props) {
            this.props = props;
        }

        void refuse(String key, Object value, String accepted) {
            refusals.add(new Refusal(key, String.valueOf(value), accepted));
        }

        private Object raw(String key) {
            Object v = props.get(key);
            if (v instanceof String s && s.isBlank()) {
                return null;
            }
            return v;
        }

        String string(String key, String dflt) {
            Object v = raw(key);
            return v == null ? dflt : v.toString().trim();
        }

        String name(String key, String dflt) {
            String v = string(key, dflt);
            if (v == null) {
                refuse(key, "(missing)", "required: a name of letters, digits, '.', '_' or '-'");
                return null;
            }
            if (!NAME.matcher(v).matches()) {
                refuse(key, v, "a name of letters, digits, '.', '_' or '-'");
                return null;
            }
            return v;
        }

        String optionalName(String key) {
            String v = string(key, null);
            if (v != null && !NAME.matcher(v).matches()) {
                refuse(key, v, "a profile name of letters, digits, '.', '_' or '-'");
                return null;
            }
            return v;
        }

        int integer(String key, Integer dflt, int min, int max) {
            Object v = raw(key);
            String accepted = "an integer from " + min + " to " + max;
            if (v == null) {
                if (dflt == null) {
                    refuse(key, "(missing)", "required: " + accepted);
                    return 0;
                }
                return dflt;
            }
            long value;
            if (v instanceof Number n && n.doubleValue() == n.longValue()) {
                value = n.longValue();
            } else if (v instanceof Number) {
                refuse(key, v, accepted);
                return 0;
            } else {
                try {
                    value = Long.parseLong(v.toString().trim());
                } catch (NumberFormatException e) {
                    refuse(key, v, accepted);
                    return 0;
                }
            }
            if (value < min || value > max) {
                refuse(key, v, accepted);
                return 0;
            }
            return (int) value;
        }

        boolean bool(String key, boolean dflt) {
            Object v = raw(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            String s = v.toString().trim();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            refuse(key, v, "true or false");
            return dflt;
        }

        SwapPolicy swapPolicy(String key) {
            String v = string(key, "handover");
            for (SwapPolicy p : SwapPolicy.values()) {
                if (p.toString().equalsIgnoreCase(v)) {
                    return p;
                }
            }
            refuse(key, v, "handover or drain");
            return SwapPolicy.HANDOVER;
        }

        VersionRange versionRange(String key) {
            Object v = raw(key);
            if (v == null) {
                return null;
            }
            try {
                return VersionRange.valueOf(v.toString().trim());
            } catch (IllegalArgumentException e) {
                refuse(key, v, "an OSGi version range such as [1.0,2.0) or 1.2");
                return null;
            }
        }

        List<FilterRef> filters(String key) {
            Object v = raw(key);
            if (v == null) {
                return List.of();
            }
            Collection<?> items;
            if (v instanceof String[] a) {
                items = Arrays.asList(a);
            } else if (v instanceof Collection<?> c) {
                items = c;
            } else {
                items = Arrays.asList(v.toString().split(","));
            }
            List<FilterRef> refs = new ArrayList<>();
            for (Object item : items) {
                String s = item.toString().trim();
                if (s.isEmpty()) {
                    continue;
                }
                boolean required = !s.endsWith("?");
                String name = required ? s : s.substring(0, s.length() - 1);
                if (!NAME.matcher(name).matches()) {
                    refuse(key, s, "filter names of letters, digits, '.', '_' or '-', optionally ending in ?");
                } else if (refs.stream().anyMatch(f -> f.name().equals(name))) {
                    refuse(key, s, "each filter once");
                } else {
                    refs.add(new FilterRef(name, required));
                }
            }
            return List.copyOf(refs);
        }
    }
}
