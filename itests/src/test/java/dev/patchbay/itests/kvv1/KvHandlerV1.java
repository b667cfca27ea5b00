package dev.patchbay.itests.kvv1;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;

/**
 * The key-value example handler as release 0.0.1 had it, for {@code KvHandlerSwapIT}: the same
 * wire protocol as {@code examples/handler-kv}, with the state in shape 1 (no shape marker; a
 * map of values and a map of revisions, no byte count, no quota). The test builds a bundle of
 * this package, installs it as version 0.0.1 and swaps the endpoint from it to the current
 * version, which migrates the state to shape 2.
 *
 * <p>Self-contained on purpose: an old release does not share classes with the new one.
 */
public final class KvHandlerV1 implements ProtocolHandler {

    static final String VALUES = "kv.values";
    static final String REVISIONS = "kv.revisions";
    static final String REQUESTS = "kv.requests";

    @Override
    public void opened(Session session) {
        session.attribute(VALUES, new HashMap<String, byte[]>());
        session.attribute(REVISIONS, new HashMap<String, Long>());
        session.attribute(REQUESTS, 0L);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void received(Session session, ByteBuffer frame) {
        if (frame.remaining() < 5) {
            bad(session, 0);
            return;
        }
        byte op = frame.get();
        int id = frame.getInt();
        long requests = ((Number) session.attribute(REQUESTS)).longValue() + 1;
        session.attribute(REQUESTS, requests);
        Map<String, byte[]> values = (Map<String, byte[]>) session.attribute(VALUES);
        Map<String, Long> revisions = (Map<String, Long>) session.attribute(REVISIONS);
        if (op == 4) {
            long bytes = 0;
            for (byte[] v : values.values()) {
                bytes += v.length;
            }
            session.write(ByteBuffer.allocate(5 + 21).put((byte) 0).putInt(id)
                    .put((byte) 1).putInt(values.size()).putLong(bytes).putLong(requests).flip());
            return;
        }
        if (op < 1 || op > 3 || frame.remaining() < 2) {
            bad(session, id);
            return;
        }
        int keyLength = Short.toUnsignedInt(frame.getShort());
        if (keyLength == 0 || keyLength > frame.remaining()) {
            bad(session, id);
            return;
        }
        byte[] keyBytes = new byte[keyLength];
        frame.get(keyBytes);
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        switch (op) {
            case 1 -> {
                byte[] value = new byte[frame.remaining()];
                frame.get(value);
                long revision = revisions.getOrDefault(key, 0L) + 1;
                values.put(key, value);
                revisions.put(key, revision);
                session.write(ByteBuffer.allocate(13).put((byte) 0).putInt(id).putLong(revision).flip());
            }
            case 2 -> {
                byte[] value = values.get(key);
                if (value == null) {
                    session.write(ByteBuffer.allocate(5).put((byte) 1).putInt(id).flip());
                } else {
                    session.write(ByteBuffer.allocate(13 + value.length).put((byte) 0).putInt(id)
                            .putLong(revisions.get(key)).put(value).flip());
                }
            }
            default -> {
                boolean had = values.remove(key) != null;
                revisions.remove(key);
                session.write(ByteBuffer.allocate(5).put((byte) (had ? 0 : 1)).putInt(id).flip());
            }
        }
    }

    private static void bad(Session session, int id) {
        session.write(ByteBuffer.allocate(5).put((byte) 2).putInt(id).flip());
        session.close();
    }
}
