package dev.patchbay.testsupport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.handler.TlsDetails;

/**
 * The one {@link Session} of the unit tests, without a server: it records what is written (each
 * frame copied, the caller's buffer left as it was, as the transport does), keeps attributes as
 * the transport does (so a test can hand them from one handler version to the next), returns the
 * endpoint settings the test sets (blank ones as absent, as the transport does), and remembers a
 * close. Writes may come from any thread (a handler may write to another session, a blocking
 * command is answered from the thread that ended the wait). The test kit's
 * {@code dev.patchbay.testkit.RecordingSession} is this class, for handler authors.
 */
public class RecordingSession implements Session {

    private static final AtomicLong IDS = new AtomicLong();
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 7007);

    private final long id;
    private final String endpoint;
    private final InetSocketAddress remote;
    private final Instant openedAt = Instant.now();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private final List<byte[]> written = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean open = true;

    /** A session of {@code endpoint} with the next free id, from 127.0.0.1:40000. */
    public RecordingSession(String endpoint) {
        this(IDS.incrementAndGet(), endpoint);
    }

    /** Session {@code id} of {@code endpoint}, from 127.0.0.1:40000. */
    public RecordingSession(long id, String endpoint) {
        this(id, endpoint, new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000));
    }

    /** A session of {@code endpoint} from {@code remote}, with the next free id and a port of its own. */
    public RecordingSession(String endpoint, InetAddress remote) {
        this(endpoint, IDS.incrementAndGet(), remote);
    }

    /** A session of {@code endpoint} from {@code remote}, with the next free id. */
    public RecordingSession(String endpoint, InetSocketAddress remote) {
        this(IDS.incrementAndGet(), endpoint, remote);
    }

    public RecordingSession(long id, String endpoint, InetSocketAddress remote) {
        this.id = id;
        this.endpoint = endpoint;
        this.remote = remote;
    }

    private RecordingSession(String endpoint, long id, InetAddress remote) {
        this(id, endpoint, new InetSocketAddress(remote, 40000 + (int) (id % 20000)));
    }

    /** Every frame written so far, in order (a live view: copy it before iterating while others write). */
    public List<byte[]> written() {
        return written;
    }

    /** The frames written so far, removed from the record. */
    public List<byte[]> takeWritten() {
        synchronized (written) {
            List<byte[]> frames = new ArrayList<>(written);
            written.clear();
            return frames;
        }
    }

    /** What was written since the last take, as one ISO-8859-1 text (each byte one char). */
    public String takeText() {
        StringBuilder text = new StringBuilder();
        for (byte[] frame : takeWritten()) {
            text.append(new String(frame, StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    /** The only frame written since the last take; fails when there is none or more than one. */
    public ByteBuffer lastReply() {
        List<byte[]> frames = takeWritten();
        if (frames.isEmpty()) {
            throw new AssertionError("no reply written");
        }
        if (frames.size() > 1) {
            throw new AssertionError((frames.size() - 1) + " more replies than expected");
        }
        return ByteBuffer.wrap(frames.get(0));
    }

    /** An endpoint setting {@link #endpointSetting} returns; {@code null} removes it. */
    public RecordingSession setting(String key, String value) {
        if (value == null) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }
        return this;
    }

    /** The attributes stored so far (a live, unmodifiable view). */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
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
}
