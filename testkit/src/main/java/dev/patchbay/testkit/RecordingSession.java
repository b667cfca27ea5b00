package dev.patchbay.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;

/**
 * A {@link Session} for unit tests of a handler, without a server: it records what the handler
 * writes (each write copied, as the transport copies it), keeps attributes as the transport does
 * (so a test can hand them from one handler version to the next), and endpoint settings the test
 * sets. Single-threaded, like a session's calls.
 */
public final class RecordingSession implements Session {

    private static long nextId = 1;

    private final long id;
    private final String endpoint;
    private final Instant openedAt = Instant.now();
    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> settings = new HashMap<>();
    private final List<byte[]> written = new ArrayList<>();
    private boolean open = true;

    public RecordingSession(String endpoint) {
        synchronized (RecordingSession.class) {
            this.id = nextId++;
        }
        this.endpoint = endpoint;
    }

    /** Every frame written so far, in order. */
    public List<byte[]> written() {
        return written;
    }

    /** The frames written so far, removed from the record. */
    public List<byte[]> takeWritten() {
        List<byte[]> frames = new ArrayList<>(written);
        written.clear();
        return frames;
    }

    /** An endpoint setting {@link #endpointSetting} returns. */
    public RecordingSession setting(String key, String value) {
        settings.put(key, value);
        return this;
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
        return new InetSocketAddress("127.0.0.1", 7000);
    }

    @Override
    public Instant openedAt() {
        return openedAt;
    }

    @Override
    public Optional<TlsDetails> tls() {
        return Optional.empty();
    }

    @Override
    public void write(ByteBuffer frame) {
        byte[] copy = new byte[frame.remaining()];
        frame.duplicate().get(copy);
        written.add(copy);
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
    public Optional<String> endpointSetting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    @Override
    public Object attribute(String key) {
        return attributes.get(key);
    }

    @Override
    public void attribute(String key, Object value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }
}
