package dev.patchbay.examples.kv;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.examples.kv.KvProtocol.MalformedRequestException;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key-value store per session over the binary {@linkplain KvProtocol protocol}: a client
 * puts, gets and deletes values under keys and reads its session's statistics. What a session
 * stores lives only as long as the session (a device's scratch space, a cache), and survives
 * a live update or swap of this handler: it is kept in session attributes
 * ({@link KvState}), migrated from older shapes on handover ({@link StateMigration}).
 *
 * <p>Runs on the I/O thread (it never blocks) and holds no state of its own, so one instance
 * serves every session.
 */
@Component(property = HandlerConstants.HANDLER_NAME + "=" + KvHandler.NAME)
public class KvHandler implements ProtocolHandler {

    public static final String NAME = "kv";

    /**
     * Keys one session may hold: endpoint setting {@code kv.max.keys} (in the endpoint's
     * {@code .cfg}, beside the transport's keys), 1024 by default.
     */
    static final EndpointLimit MAX_KEYS = new EndpointLimit("kv.max.keys", 1024, 1 << 20);
    /**
     * Value bytes one session may hold, what a client can make the server keep for it: endpoint
     * setting {@code kv.max.value.bytes}, 1 MiB by default.
     */
    static final EndpointLimit MAX_VALUE_BYTES = new EndpointLimit("kv.max.value.bytes", 1 << 20, 1L << 30);

    /** Malformed requests after which a session is closed. */
    static final int MAX_BAD_REQUESTS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(KvHandler.class);

    @Override
    public void opened(Session session) {
        KvState.create(session);
    }

    @Override
    public void handedOver(Session session, String previousVersion) {
        StateMigration.Outcome outcome = StateMigration.toCurrentShape(session);
        if (outcome == StateMigration.Outcome.UNREADABLE) {
            // Serving on would answer NOT_FOUND for entries the client did store: close instead.
            LOG.warn("kv: endpoint {}, session {} from {} was handed over from version {} with state shape {}, which this version"
                    + " (shape {}) cannot read; closing the session", session.endpoint(), session.id(), session.remoteAddress(),
                    previousVersion, session.attribute(KvState.SHAPE_KEY), KvState.SHAPE);
            session.close();
        } else if (outcome == StateMigration.Outcome.MIGRATED_FROM_1 && LOG.isDebugEnabled()) {
            LOG.debug("kv: endpoint {}, session {}: state migrated from shape 1 (version {})", session.endpoint(), session.id(),
                    previousVersion);
        }
    }

    @Override
    public void received(Session session, ByteBuffer frame) {
        int start = frame.position();
        try {
            if (frame.remaining() < KvProtocol.HEADER_BYTES) {
                throw new MalformedRequestException("a request has at least " + KvProtocol.HEADER_BYTES
                        + " bytes (operation, request id), this one " + frame.remaining());
            }
            byte op = frame.get();
            int id = frame.getInt();
            KvState.countRequest(session);
            switch (op) {
                case KvProtocol.PUT -> put(session, id, KvProtocol.readKey(frame), frame);
                case KvProtocol.GET -> get(session, id, KvProtocol.readKey(frame));
                case KvProtocol.DELETE -> delete(session, id, KvProtocol.readKey(frame));
                case KvProtocol.STAT -> stat(session, id);
                default -> throw new MalformedRequestException("unknown operation " + op + " (accepted: 1 PUT, 2 GET, 3 DELETE, 4 STAT)");
            }
        } catch (MalformedRequestException e) {
            refuse(session, KvProtocol.requestIdOf(frame, start), e.getMessage());
        }
    }

    private static void put(Session session, int id, String key, ByteBuffer value) {
        Map<String, byte[]> entries = KvState.entries(session);
        byte[] old = entries.get(key);
        long bytes = KvState.valueBytes(session) + value.remaining() - (old == null ? 0 : KvState.valueLength(old));
        if ((old == null && entries.size() >= MAX_KEYS.of(session)) || bytes > MAX_VALUE_BYTES.of(session)) {
            session.write(KvProtocol.reply(KvProtocol.FULL, id, 0).flip());
            return;
        }
        long revision = old == null ? 1 : KvState.revision(old) + 1;
        byte[] entry = new byte[KvState.REVISION_BYTES + value.remaining()];
        ByteBuffer.wrap(entry).putLong(revision).put(value);
        entries.put(key, entry);
        KvState.valueBytes(session, bytes);
        session.write(KvProtocol.reply(KvProtocol.OK, id, 8).putLong(revision).flip());
    }

    private static void get(Session session, int id, String key) {
        byte[] entry = KvState.entries(session).get(key);
        if (entry == null) {
            session.write(KvProtocol.reply(KvProtocol.NOT_FOUND, id, 0).flip());
            return;
        }
        // The stored entry is the revision then the value: exactly the body of the reply.
        session.write(KvProtocol.reply(KvProtocol.OK, id, entry.length).put(entry).flip());
    }

    private static void delete(Session session, int id, String key) {
        byte[] old = KvState.entries(session).remove(key);
        if (old == null) {
            session.write(KvProtocol.reply(KvProtocol.NOT_FOUND, id, 0).flip());
            return;
        }
        KvState.valueBytes(session, KvState.valueBytes(session) - KvState.valueLength(old));
        session.write(KvProtocol.reply(KvProtocol.OK, id, 0).flip());
    }

    private static void stat(Session session, int id) {
        Map<String, byte[]> entries = KvState.entries(session);
        session.write(KvProtocol.reply(KvProtocol.OK, id, 1 + 4 + 8 + 8)
                .put((byte) KvState.SHAPE)
                .putInt(entries.size())
                .putLong(KvState.valueBytes(session))
                .putLong(KvState.requests(session))
                .flip());
    }

    /**
     * Bad input: a clear answer, and the session carries on, since the frame's length kept the
     * stream in step. The first bad request of a session is logged, at INFO (it is the client's
     * fault, not the server's); a session is closed at its tenth, its client being broken.
     */
    private static void refuse(Session session, int id, String reason) {
        long bad = KvState.countBadRequest(session);
        if (bad == 1) {
            LOG.info("kv: endpoint {}, session {} from {}: malformed request ({}); answered BAD_REQUEST",
                    session.endpoint(), session.id(), session.remoteAddress(), reason);
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        session.write(KvProtocol.reply(KvProtocol.BAD_REQUEST, id, text.length).put(text).flip());
        if (bad >= MAX_BAD_REQUESTS) {
            LOG.info("kv: endpoint {}, session {} from {}: {} malformed requests; closing the session",
                    session.endpoint(), session.id(), session.remoteAddress(), bad);
            session.close();
        }
    }
}
