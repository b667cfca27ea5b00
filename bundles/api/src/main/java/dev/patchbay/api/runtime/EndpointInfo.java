package dev.patchbay.api.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one endpoint: how it is wired, what it is doing, and the limits the transport
 * enforces on it.
 *
 * <p>A final class built by {@link #builder(String)} rather than a record, so that the view
 * can grow: a new field is a new accessor and a new builder method, a minor change of this
 * package, where a new record component changes the canonical constructor every caller of
 * it was compiled against. Consumers only read it; the transport builds it.
 */
public final class EndpointInfo {

    private final String name;
    private final String address;
    private final String codec;
    private final String tls;
    private final String handler;
    private final String handlerVersion;
    private final String swapPolicy;
    private final Map<String, Integer> sessionsByVersion;
    private final List<String> filters;
    private final List<String> activeFilters;
    private final EndpointState state;
    private final String detail;
    private final int sessions;
    private final long connectionsRefused;
    private final long framesRejected;
    private final String source;
    private final String pid;
    private final int maxConnections;
    private final int maxFrameSize;
    private final int maxPendingWriteBytes;
    private final int idleTimeoutSeconds;
    private final int writeTimeoutSeconds;
    private final int writeMinRate;
    private final int drainTimeoutSeconds;
    private final int handlerWaitTimeoutSeconds;

    private EndpointInfo(Builder b) {
        name = Objects.requireNonNull(b.name, "name");
        state = Objects.requireNonNull(b.state, "state");
        address = b.address;
        codec = b.codec;
        tls = b.tls;
        handler = b.handler;
        handlerVersion = b.handlerVersion;
        swapPolicy = b.swapPolicy;
        sessionsByVersion = Map.copyOf(b.sessionsByVersion);
        filters = List.copyOf(b.filters);
        activeFilters = List.copyOf(b.activeFilters);
        detail = b.detail;
        sessions = b.sessions;
        connectionsRefused = b.connectionsRefused;
        framesRejected = b.framesRejected;
        source = b.source;
        pid = b.pid;
        maxConnections = b.maxConnections;
        maxFrameSize = b.maxFrameSize;
        maxPendingWriteBytes = b.maxPendingWriteBytes;
        idleTimeoutSeconds = b.idleTimeoutSeconds;
        writeTimeoutSeconds = b.writeTimeoutSeconds;
        writeMinRate = b.writeMinRate;
        drainTimeoutSeconds = b.drainTimeoutSeconds;
        handlerWaitTimeoutSeconds = b.handlerWaitTimeoutSeconds;
    }

    /** A builder for the endpoint {@code name}; every other field starts empty, zero or {@code null}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The endpoint's name, from its configuration file name. */
    public String name() {
        return name;
    }

    /** The address it is bound to, {@code host:port}, or the configured one when not bound. */
    public String address() {
        return address;
    }

    /** Codec name. */
    public String codec() {
        return codec;
    }

    /** The TLS profile it requires, or {@code null} for plaintext. */
    public String tls() {
        return tls;
    }

    /** Handler name. */
    public String handler() {
        return handler;
    }

    /** Version of the handler serving new sessions, or {@code null} if none. */
    public String handlerVersion() {
        return handlerVersion;
    }

    /**
     * {@code handover} or {@code drain}: what existing sessions do when the handler serving new
     * sessions changes.
     */
    public String swapPolicy() {
        return swapPolicy;
    }

    /** Open sessions per handler version serving them; {@code held} counts sessions waiting for a handler. */
    public Map<String, Integer> sessionsByVersion() {
        return sessionsByVersion;
    }

    /**
     * The filters the endpoint lists, as configured (optional ones end in {@code ?}); not
     * necessarily in the order they run.
     */
    public List<String> filters() {
        return filters;
    }

    /** The filters present and in the chain, in the order they run. */
    public List<String> activeFilters() {
        return activeFilters;
    }

    /** What the endpoint is doing. */
    public EndpointState state() {
        return state;
    }

    /** Why, when the state is not {@link EndpointState#LISTENING}; else empty. */
    public String detail() {
        return detail;
    }

    /** Open sessions. */
    public int sessions() {
        return sessions;
    }

    /** Connections closed at accept since the endpoint started (limits, filters, fail-closed). */
    public long connectionsRefused() {
        return connectionsRefused;
    }

    /** Sessions closed for a malformed or oversized frame since the endpoint started. */
    public long framesRejected() {
        return framesRejected;
    }

    /** The configuration file, or the PID when it did not come from a file. */
    public String source() {
        return source;
    }

    /** The ConfigAdmin PID of the endpoint's configuration. */
    public String pid() {
        return pid;
    }

    /**
     * The limits below are those the transport enforces now: the accepted configuration's,
     * never a value it refused. All are 0 while no configuration was accepted
     * ({@link EndpointState#REFUSED}).
     *
     * @return open sessions the endpoint accepts at most ({@code max.connections})
     */
    public int maxConnections() {
        return maxConnections;
    }

    /** Largest frame the codec accepts, in bytes ({@code max.frame.size}). */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Bytes of replies queued for a slow client before its reads are paused ({@code max.pending.write.bytes}). */
    public int maxPendingWriteBytes() {
        return maxPendingWriteBytes;
    }

    /** Seconds without traffic before a session is closed; 0 for never ({@code idle.timeout}). */
    public int idleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    /** Seconds a client may leave replies unread before it is closed ({@code write.timeout}). */
    public int writeTimeoutSeconds() {
        return writeTimeoutSeconds;
    }

    /** Bytes per second a client must read of its pending replies; 0 for off ({@code write.min.rate}). */
    public int writeMinRate() {
        return writeMinRate;
    }

    /** Seconds a stopping endpoint keeps serving busy sessions ({@code drain.timeout}). */
    public int drainTimeoutSeconds() {
        return drainTimeoutSeconds;
    }

    /** Seconds a connection is held while no handler is installed ({@code handler.wait.timeout}). */
    public int handlerWaitTimeoutSeconds() {
        return handlerWaitTimeoutSeconds;
    }

    private Object[] values() {
        return new Object[] {name, address, codec, tls, handler, handlerVersion, swapPolicy, sessionsByVersion, filters,
                activeFilters, state, detail, sessions, connectionsRefused, framesRejected, source, pid, maxConnections,
                maxFrameSize, maxPendingWriteBytes, idleTimeoutSeconds, writeTimeoutSeconds, writeMinRate,
                drainTimeoutSeconds, handlerWaitTimeoutSeconds};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointInfo other && java.util.Arrays.equals(values(), other.values());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "EndpointInfo[name=" + name + ", address=" + address + ", state=" + state + ", detail=" + detail
                + ", codec=" + codec + ", tls=" + tls + ", handler=" + handler + "@" + handlerVersion + ", sessions="
                + sessions + ", maxConnections=" + maxConnections + ", source=" + source + "]";
    }

    /** Builds an {@link EndpointInfo}; not thread-safe, used by the one thread taking the snapshot. */
    public static final class Builder {

        private final String name;
        private String address = "";
        private String codec = "";
        private String tls;
        private String handler = "";
        private String handlerVersion;
        private String swapPolicy = "";
        private Map<String, Integer> sessionsByVersion = Map.of();
        private List<String> filters = List.of();
        private List<String> activeFilters = List.of();
        private EndpointState state;
        private String detail = "";
        private int sessions;
        private long connectionsRefused;
        private long framesRejected;
        private String source;
        private String pid;
        private int maxConnections;
        private int maxFrameSize;
        private int maxPendingWriteBytes;
        private int idleTimeoutSeconds;
        private int writeTimeoutSeconds;
        private int writeMinRate;
        private int drainTimeoutSeconds;
        private int handlerWaitTimeoutSeconds;

        private Builder(String name) {
            this.name = name;
        }

        public Builder address(String value) {
            address = value;
            return this;
        }

        public Builder codec(String value) {
            codec = value;
            return this;
        }

        public Builder tls(String value) {
            tls = value;
            return this;
        }

        public Builder handler(String value) {
            handler = value;
            return this;
        }

        public Builder handlerVersion(String value) {
            handlerVersion = value;
            return this;
        }

        public Builder swapPolicy(String value) {
            swapPolicy = value;
            return this;
        }

        public Builder sessionsByVersion(Map<String, Integer> value) {
            sessionsByVersion = value;
            return this;
        }

        public Builder filters(List<String> value) {
            filters = value;
            return this;
        }

        public Builder activeFilters(List<String> value) {
            activeFilters = value;
            return this;
        }

        public Builder state(EndpointState value) {
            state = value;
            return this;
        }

        public Builder detail(String value) {
            detail = value;
            return this;
        }

        public Builder sessions(int value) {
            sessions = value;
            return this;
        }

        public Builder connectionsRefused(long value) {
            connectionsRefused = value;
            return this;
        }

        public Builder framesRejected(long value) {
            framesRejected = value;
            return this;
        }

        public Builder source(String value) {
            source = value;
            return this;
        }

        public Builder pid(String value) {
            pid = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder maxFrameSize(int value) {
            maxFrameSize = value;
            return this;
        }

        public Builder maxPendingWriteBytes(int value) {
            maxPendingWriteBytes = value;
            return this;
        }

        public Builder idleTimeoutSeconds(int value) {
            idleTimeoutSeconds = value;
            return this;
        }

        public Builder writeTimeoutSeconds(int value) {
            writeTimeoutSeconds = value;
            return this;
        }

        public Builder writeMinRate(int value) {
            writeMinRate = value;
            return this;
        }

        public Builder drainTimeoutSeconds(int value) {
            drainTimeoutSeconds = value;
            return this;
        }

        public Builder handlerWaitTimeoutSeconds(int value) {
            handlerWaitTimeoutSeconds = value;
            return this;
        }

        /** @throws NullPointerException when no state was set */
        public EndpointInfo build() {
            return new EndpointInfo(this);
        }
    }
}
