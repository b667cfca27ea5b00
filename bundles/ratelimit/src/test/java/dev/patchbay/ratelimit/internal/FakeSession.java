package dev.patchbay.ratelimit.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;

/** A session as a filter sees it: an endpoint, a remote address, open or closed. */
final class FakeSession implements Session {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final String endpoint;
    private final InetSocketAddress remote;
    private volatile boolean open = true;

    FakeSession(String endpoint, String address) {
        this.endpoint = endpoint;
        this.remote = new InetSocketAddress(Cidr.parseAddress(address), 40000 + (int) (id % 20000));
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
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 7008);
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
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Object attribute(String key) {
        return null;
    }

    @Override
    public void attribute(String key, Object value) {
    }
}
