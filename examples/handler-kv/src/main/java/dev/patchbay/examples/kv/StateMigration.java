package dev.patchbay.examples.kv;

import java.util.HashMap;
import java.util.Map;

import dev.patchbay.api.handler.Session;

/**
 * Brings the state a live session carries to the {@linkplain KvState current shape} when the
 * session is handed over from another version of the handler.
 *
 * <p>The shape is told by the state itself ({@value KvState#SHAPE_KEY}), not by the previous
 * handler's version: a session can arrive from any older release, from a newer one (a
 * roll-back), or from another handler altogether, and {@code bundle:update} hands a session
 * over between two builds of one version.
 *
 * <p>Shape 1, written by versions 0.0.x, has no {@value KvState#SHAPE_KEY}:
 * <ul>
 * <li>{@value #V1_VALUES_KEY}: {@code Map<String, byte[]>}, key to value;</li>
 * <li>{@value #V1_REVISIONS_KEY}: {@code Map<String, Long>}, key to revision;</li>
 * <li>{@value KvState#REQUESTS_KEY}: {@code Long}, as in shape 2.</li>
 * </ul>
 */
final class StateMigration {

    static final String V1_VALUES_KEY = "kv.values";
    static final String V1_REVISIONS_KEY = "kv.revisions";

    /** What {@link #toCurrentShape} found. */
    enum Outcome {
        /** No state of this handler: the session came from another handler, or had none yet. */
        CREATED,
        /** Already the current shape. */
        CURRENT,
        /** Shape 1, rewritten as shape 2. */
        MIGRATED_FROM_1,
        /**
         * A shape this version does not know (a newer version's, after a roll-back): left as
         * it is, for the caller to refuse the session rather than lose its entries.
         */
        UNREADABLE
    }

    private StateMigration() {
    }

    static Outcome toCurrentShape(Session session) {
        Object shape = session.attribute(KvState.SHAPE_KEY);
        if (shape == null) {
            if (session.attribute(V1_VALUES_KEY) == null) {
                KvState.create(session);
                return Outcome.CREATED;
            }
            fromShape1(session);
            return Outcome.MIGRATED_FROM_1;
        }
        if (shape instanceof Number n && n.intValue() == KvState.SHAPE) {
            return Outcome.CURRENT;
        }
        return Outcome.UNREADABLE;
    }

    @SuppressWarnings("unchecked")
    private static void fromShape1(Session session) {
        Map<String, byte[]> values = (Map<String, byte[]>) session.attribute(V1_VALUES_KEY);
        Object revisionsValue = session.attribute(V1_REVISIONS_KEY);
        Map<String, Long> revisions = revisionsValue == null ? Map.of() : (Map<String, Long>) revisionsValue;
        Map<String, byte[]> entries = new HashMap<>(Math.max(16, values.size() * 2));
        long bytes = 0;
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            byte[] value = e.getValue();
            Long revision = revisions.get(e.getKey());
            entries.put(e.getKey(), KvState.entry(revision == null ? 1 : revision, value, 0, value.length));
            bytes += value.length;
        }
        // The new shape first, its marker last, then the old keys go: the session never holds
        // a marker that does not match what is there.
        session.attribute(KvState.ENTRIES_KEY, entries);
        session.attribute(KvState.BYTES_KEY, bytes);
        if (session.attribute(KvState.REQUESTS_KEY) == null) {
            session.attribute(KvState.REQUESTS_KEY, 0L);
        }
        session.attribute(KvState.SHAPE_KEY, KvState.SHAPE);
        session.attribute(V1_VALUES_KEY, null);
        session.attribute(V1_REVISIONS_KEY, null);
    }
}
