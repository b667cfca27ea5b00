package dev.patchbay.handler.resp.internal;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;

/** A session in memory: collects what the handler writes, holds attributes and endpoint settings. */
final class MemorySession implements Session {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final Map<String, Object> attributes = new HashMap<>();
    final Map<String, String> settings = new HashMap<>();
    private boolean open = true;

    @Override
    public long id() {
        return id;
    }

    @Override
    public String endpoint() {
        return "resp";
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 50000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 6380);
    }

    @Override
    public Instant openedAt() {
        return Instant.now();
    }

    @Override
    public Optional<TlsDetails> tls() {
        return Optional.empty();
    }

    @Override
    public void write(ByteBuffer frame) {
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        written.write(b, 0, b.length);
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
        return Optional.ofNullable(settings.get(key)).filter(v -> !v.isBlank());
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

    /** What was written since the last call, as ISO-8859-1 text. */
    String take() {
        String s = new String(written.toByteArray(), StandardCharsets.ISO_8859_1);
        written.reset();
        return s;
    }
}
