package dev.patchbay.metrics.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;

/** A session as an observer sees it: an endpoint and an id. */
final class FakeSession implements Session {

    private final long id;
    private final String endpoint;

    FakeSession(long id, String endpoint) {
        this.id = id;
        this.endpoint = endpoint;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 7007);
    }

    @Override
    public Instant openedAt() {
        return Instant.EPOCH;
    }

    @Override
    public Optional<TlsDetails> tls() {
        return Optional.empty();
    }

    @Override
    public void write(ByteBuffer frame) {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public Object attribute(String key) {
        return null;
    }

    @Override
    public void attribute(String key, Object value) {
    }
}
