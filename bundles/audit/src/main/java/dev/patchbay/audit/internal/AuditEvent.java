package dev.patchbay.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit record before it is written: its kind, the common fields that apply, and the
 * details specific to the kind. The writer adds {@code ts}, {@code prev} and {@code hash}.
 * Not thread-safe: built and recorded by one thread.
 */
public final class AuditEvent {

    private final String event;
    private String endpoint;
    private Long session;
    private String remote;
    private String local;
    private String user;
    private String pid;
    private String bundle;
    private final Map<String, Object> details = new LinkedHashMap<>();

    private AuditEvent(String event) {
        this.event = event;
    }

    public static AuditEvent of(String event) {
        return new AuditEvent(event);
    }

    public AuditEvent endpoint(String value) {
        endpoint = value;
        return this;
    }

    public AuditEvent session(Long value) {
        session = value;
        return this;
    }

    public AuditEvent remote(String value) {
        remote = address(value);
        return this;
    }

    public AuditEvent local(String value) {
        local = address(value);
        return this;
    }

    public AuditEvent user(String value) {
        user = value;
        return this;
    }

    public AuditEvent pid(String value) {
        pid = value;
        return this;
    }

    public AuditEvent bundle(String value) {
        bundle = value;
        return this;
    }

    /** Adds a detail; a null value is left out. */
    public AuditEvent detail(String key, Object value) {
        if (value != null) {
            details.put(key, value);
        }
        return this;
    }

    public String event() {
        return event;
    }

    public Map<String, Object> details() {
        return details;
    }

    String endpointName() {
        return endpoint;
    }

    String remoteAddress() {
        return remote;
    }

    /** The client's address without its port: {@code 127.0.0.1:5000} or {@code [::1]:5000} to the host part. */
    static String withoutPort(String remote) {
        if (remote == null) {
            return null;
        }
        if (remote.startsWith("[")) {
            int end = remote.indexOf(']');
            return end > 0 ? remote.substring(0, end + 1) : remote;
        }
        int colon = remote.indexOf(':');
        return colon > 0 && colon == remote.lastIndexOf(':') ? remote.substring(0, colon) : remote;
    }

    /**
     * The event's fields in the order they are written, after {@code ts}: event, then the
     * common fields that are set, then details if any.
     */
    Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        putIfSet(m, "endpoint", endpoint);
        putIfSet(m, "session", session);
        putIfSet(m, "remote", remote);
        putIfSet(m, "local", local);
        putIfSet(m, "user", user);
        putIfSet(m, "pid", pid);
        putIfSet(m, "bundle", bundle);
        if (!details.isEmpty()) {
            m.put("details", details);
        }
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** {@code InetSocketAddress.toString()} gives "/127.0.0.1:7007" or "host/1.2.3.4:7007": keep the address. */
    static String address(String value) {
        if (value == null) {
            return null;
        }
        int slash = value.indexOf('/');
        return slash >= 0 ? value.substring(slash + 1) : value;
    }
}
