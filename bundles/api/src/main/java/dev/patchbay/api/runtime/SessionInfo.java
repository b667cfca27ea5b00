package dev.patchbay.api.runtime;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

import dev.patchbay.api.handler.TlsDetails;

/**
 * A snapshot of one session.
 *
 * <p>A final class built by {@link #builder(long)} rather than a record, so that a field can be
 * added in a minor version of this package (see {@link EndpointInfo}). Consumers only read it;
 * the transport builds it.
 */
public final class SessionInfo {

    private final long id;
    private final String endpoint;
    private final String remote;
    private final String local;
    private final String handler;
    private final String handlerVersion;
    private final Instant openedAt;
    private final long bytesIn;
    private final long bytesOut;
    private final long messagesIn;
    private final long messagesOut;
    private final TlsDetails tls;

    private SessionInfo(Builder b) {
        id = b.id;
        endpoint = Objects.requireNonNull(b.endpoint, "endpoint");
        remote = b.remote;
        local = b.local;
        handler = b.handler;
        handlerVersion = b.handlerVersion;
        openedAt = b.openedAt;
        bytesIn = b.bytesIn;
        bytesOut = b.bytesOut;
        messagesIn = b.messagesIn;
        messagesOut = b.messagesOut;
        tls = b.tls;
    }

    /** A builder for the session {@code id}; every other field starts zero or {@code null}. */
    public static Builder builder(long id) {
        return new Builder(id);
    }

    /** The transport's id of the session, unique while the transport runs. */
    public long id() {
        return id;
    }

    /** The name of the endpoint that accepted it. */
    public String endpoint() {
        return endpoint;
    }

    /** The client's address. */
    public String remote() {
        return remote;
    }

    /** The local address it was accepted on. */
    public String local() {
        return local;
    }

    /** The handler serving it. */
    public String handler() {
        return handler;
    }

    /** Version of the handler serving it, or {@code null} while it is held. */
    public String handlerVersion() {
        return handlerVersion;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long messagesOut() {
        return messagesOut;
    }

    /** What TLS negotiated, or {@code null} for plaintext or before the handshake completed. */
    public TlsDetails tls() {
        return tls;
    }

    private Object[] values() {
        return new Object[] {id, endpoint, remote, local, handler, handlerVersion, openedAt, bytesIn, bytesOut, messagesIn,
                messagesOut, tls};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionInfo other && Arrays.equals(values(), other.values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "SessionInfo[id=" + id + ", endpoint=" + endpoint + ", remote=" + remote + ", handler=" + handler + "@"
                + handlerVersion + ", openedAt=" + openedAt + ", tls=" + tls + "]";
    }

    /** Builds a {@link SessionInfo}; not thread-safe. */
    public static final class Builder {

        private final long id;
        private String endpoint;
        private String remote;
        private String local;
        private String handler;
        private String handlerVersion;
        private Instant openedAt;
        private long bytesIn;
        private long bytesOut;
        private long messagesIn;
        private long messagesOut;
        private TlsDetails tls;

        private Builder(long id) {
            this.id = id;
        }

        public Builder endpoint(String value) {
            endpoint = value;
            return this;
        }

        public Builder remote(String value) {
            remote = value;
            return this;
        }

        public Builder local(String value) {
            local = value;
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

        public Builder openedAt(Instant value) {
            openedAt = value;
            return this;
        }

        public Builder bytes(long in, long out) {
            bytesIn = in;
            bytesOut = out;
            return this;
        }

        public Builder messages(long in, long out) {
            messagesIn = in;
            messagesOut = out;
            return this;
        }

        public Builder tls(TlsDetails value) {
            tls = value;
            return this;
        }

        /** @throws NullPointerException when no endpoint was set */
        public SessionInfo build() {
            return new SessionInfo(this);
        }
    }
}
