package dev.patchbay.testsupport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;

/**
 * A session as filters and observers see it: an id, an endpoint, a remote address, open until
 * closed. Writes and attributes are dropped: the tests that use it look at what the filter or
 * observer under test does, not at the session.
 */
public final class FakeSession implements Session {

    private static final AtomicLong IDS = new AtomicLong();
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 7007);

    private final long id;
    private final String endpoint;
    private final InetSocketAddress remote;
    private volatile boolean open = true;

    /** Session {@code id} of {@code endpoint}, from 127.0.0.1:40000. */
    public FakeSession(long id, String endpoint) {
        this(id, endpoint, new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000));
    }

    /** A session of {@code endpoint} from {@code remote}, with the next free id and a port of its own. */
    public FakeSession(String endpoint, InetAddress remote) {
        this(IDS.incrementAndGet(), endpoint, null, remote);
    }

    public FakeSession(long id, String endpoint, InetSocketAddress remote) {
        this(id, endpoint, remote, null);
    }

    private FakeSession(long id, String endpoint, InetSocketAddress remote, InetAddress address) {
        this.id = id;
        this.endpoint = endpoint;
        this.remote = remote != null ? remote : new InetSocketAddress(address, 40000 + (int) (id % 20000));
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
        return LOCAL;
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
