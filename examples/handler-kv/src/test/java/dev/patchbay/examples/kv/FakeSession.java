package dev.patchbay.examples.kv;

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

/** A session for unit tests: keeps attributes, records each written frame, remembers a close. */
final class FakeSession implements Session {

    final Map<String, Object> attributes = new HashMap<>();
    /** The endpoint's configuration, as {@link #endpointSetting} reads it. */
    final Map<String, String> endpointSettings = new HashMap<>();
    final List<ByteBuffer> written = new ArrayList<>();
    boolean closed;

    @Override
    public long id() {
        return 1;
    }

    @Override
    public String endpoint() {
        return "kv-test";
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 7300);
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
        // As the transport does: the bytes are copied, the caller's buffer is left as it was.
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
        copy.put(frame.duplicate()).flip();
        written.add(copy);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public Optional<String> endpointSetting(String key) {
        return Optional.ofNullable(endpointSettings.get(key));
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

    /** The only reply written since the last call. */
    ByteBuffer lastReply() {
        if (written.isEmpty()) {
            throw new AssertionError("no reply written");
        }
        ByteBuffer reply = written.remove(written.size() - 1);
        if (!written.isEmpty()) {
            throw new AssertionError(written.size() + " more replies than expected");
        }
        return reply;
    }
}
