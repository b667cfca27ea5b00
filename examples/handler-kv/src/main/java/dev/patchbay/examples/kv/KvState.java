package dev.patchbay.examples.kv;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import dev.patchbay.api.handler.Session;

/**
 * A session's key-value state in the current shape, kept in session attributes as plain
 * values only (a {@code HashMap} of {@code byte[]}, {@code Long}s, an {@code Integer}), so that
 * it outlives this bundle and the next version of the handler can read it.
 *
 * <p>Shape 2, the current one:
 * <ul>
 * <li>{@value #SHAPE_KEY}: {@code Integer} 2. Written last, so a reader can tell the shape.</li>
 * <li>{@value #ENTRIES_KEY}: {@code Map<String, byte[]>}, each entry the key's revision (8
 *     bytes, big-endian) then its value: one lookup answers a GET.</li>
 * <li>{@value #BYTES_KEY}: {@code Long}, the value bytes held, kept up to date so the quota
 *     check does not walk the map.</li>
 * <li>{@value #REQUESTS_KEY}: {@code Long}, requests served on this session.</li>
 * </ul>
 * Shape 1 (versions 0.0.x) is described in {@link StateMigration}.
 *
 * <p>Only the session's own calls touch it (one at a time, in order), so it needs no lock.
 */
final class KvState {

    static final int SHAPE = 2;

    static final String SHAPE_KEY = "kv.shape";
    static final String ENTRIES_KEY = "kv.entries";
    static final String BYTES_KEY = "kv.bytes";
    static final String REQUESTS_KEY = "kv.requests";
    /** {@code Long}, malformed requests on this session; absent until the first. */
    static final String BAD_REQUESTS_KEY = "kv.bad.requests";

    /** Revision prefix of each stored entry. */
    static final int REVISION_BYTES = 8;

    private KvState() {
    }

    /** Gives a session an empty state of the current shape. */
    static void create(Session session) {
        session.attribute(ENTRIES_KEY, new HashMap<String, byte[]>());
        session.attribute(BYTES_KEY, 0L);
        session.attribute(REQUESTS_KEY, 0L);
        session.attribute(SHAPE_KEY, SHAPE);
    }

    /** The session's entries; created empty if the session has no state yet. */
    @SuppressWarnings("unchecked")
    static Map<String, byte[]> entries(Session session) {
        Object entries = session.attribute(ENTRIES_KEY);
        if (entries == null) {
            create(session);
            entries = session.attribute(ENTRIES_KEY);
        }
        return (Map<String, byte[]>) entries;
    }

    static long valueBytes(Session session) {
        return ((Number) session.attribute(BYTES_KEY)).longValue();
    }

    static void valueBytes(Session session, long bytes) {
        session.attribute(BYTES_KEY, bytes);
    }

    /** Counts one request and returns the count so far, this one included. */
    static long countRequest(Session session) {
        Object n = session.attribute(REQUESTS_KEY);
        long count = (n == null ? 0 : ((Number) n).longValue()) + 1;
        session.attribute(REQUESTS_KEY, count);
        return count;
    }

    /** Counts one malformed request of the session and returns the count so far. */
    static long countBadRequest(Session session) {
        Object n = session.attribute(BAD_REQUESTS_KEY);
        long count = (n == null ? 0 : ((Number) n).longValue()) + 1;
        session.attribute(BAD_REQUESTS_KEY, count);
        return count;
    }

    static long requests(Session session) {
        Object n = session.attribute(REQUESTS_KEY);
        return n == null ? 0 : ((Number) n).longValue();
    }

    /** An entry as stored: the revision, then the value. */
    static byte[] entry(long revision, byte[] value, int offset, int length) {
        byte[] entry = new byte[REVISION_BYTES + length];
        ByteBuffer.wrap(entry).putLong(revision).put(value, offset, length);
        return entry;
    }

    static long revision(byte[] entry) {
        return ByteBuffer.wrap(entry).getLong();
    }

    static int valueLength(byte[] entry) {
        return entry.length - REVISION_BYTES;
    }
}
