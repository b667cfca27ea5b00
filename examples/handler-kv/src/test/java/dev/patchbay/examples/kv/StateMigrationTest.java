package dev.patchbay.examples.kv;

import static dev.patchbay.examples.kv.KvHandlerTest.assertHeader;
import static dev.patchbay.examples.kv.KvHandlerTest.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import dev.patchbay.testsupport.RecordingSession;

import org.junit.Test;

public class StateMigrationTest {

    private final KvHandler handler = new KvHandler();
    private final RecordingSession session = new RecordingSession("kv-test");

    /** What version 0.0.x left in a session: shape 1. */
    private void shape1(Map<String, byte[]> values, Map<String, Long> revisions, long requests) {
        session.attribute(StateMigration.V1_VALUES_KEY, new HashMap<>(values));
        session.attribute(StateMigration.V1_REVISIONS_KEY, new HashMap<>(revisions));
        session.attribute(KvState.REQUESTS_KEY, requests);
    }

    @Test
    public void shape1IsRewrittenAsShape2OnHandover() {
        shape1(Map.of("a", bytes("alpha"), "b", bytes("be")), Map.of("a", 3L, "b", 1L), 17);

        handler.handedOver(session, "0.0.1");

        assertTrue(session.isOpen());
        assertEquals(KvState.SHAPE, session.attribute(KvState.SHAPE_KEY));
        assertNull("the shape-1 values are gone", session.attribute(StateMigration.V1_VALUES_KEY));
        assertNull("the shape-1 revisions are gone", session.attribute(StateMigration.V1_REVISIONS_KEY));
        assertEquals("value bytes computed for the quota", 7L, session.attribute(KvState.BYTES_KEY));
        assertEquals(2, KvState.entries(session).size());

        handler.received(session, Requests.get(18, "a"));
        ByteBuffer reply = session.lastReply();
        assertHeader(reply, KvProtocol.OK, 18);
        assertEquals("the revision carried over", 3, reply.getLong());
        assertEquals("alpha", UTF_8.decode(reply).toString());

        handler.received(session, Requests.put(19, "b", bytes("beta")));
        reply = session.lastReply();
        assertHeader(reply, KvProtocol.OK, 19);
        assertEquals("revisions go on from the old ones", 2, reply.getLong());

        handler.received(session, Requests.stat(20));
        reply = session.lastReply();
        assertHeader(reply, KvProtocol.OK, 20);
        assertEquals(KvState.SHAPE, reply.get());
        assertEquals(2, reply.getInt());
        assertEquals(9, reply.getLong());
        assertEquals("the request count carried over", 20, reply.getLong());
    }

    @Test
    public void aShape1ValueWithoutARevisionGetsRevision1() {
        shape1(Map.of("a", bytes("x")), Map.of(), 1);
        assertEquals(StateMigration.Outcome.MIGRATED_FROM_1, StateMigration.toCurrentShape(session));
        assertEquals(1, KvState.revision(KvState.entries(session).get("a")));
    }

    @Test
    public void aSessionFromAnotherHandlerStartsEmpty() {
        session.attribute("echo.something", "not ours");
        handler.handedOver(session, "1.0.0");
        assertEquals(KvState.SHAPE, session.attribute(KvState.SHAPE_KEY));
        assertTrue(KvState.entries(session).isEmpty());
        assertEquals("another handler's attributes are left alone", "not ours", session.attribute("echo.something"));
    }

    @Test
    public void theCurrentShapeIsLeftAsItIs() {
        handler.opened(session);
        handler.received(session, Requests.put(1, "k", bytes("v")));
        session.lastReply();
        Map<String, byte[]> before = KvState.entries(session);

        handler.handedOver(session, "0.1.0.SNAPSHOT");

        assertSame("bundle:update of the same version: nothing to migrate", before, KvState.entries(session));
        assertTrue(session.isOpen());
    }

    @Test
    public void anUnknownNewerShapeClosesTheSessionAndKeepsTheState() {
        session.attribute(KvState.SHAPE_KEY, 3);
        session.attribute("kv.something-new", "kept");

        handler.handedOver(session, "0.3.0");

        assertFalse("a state it cannot read is not served", session.isOpen());
        assertEquals(3, session.attribute(KvState.SHAPE_KEY));
        assertEquals("kept", session.attribute("kv.something-new"));
    }
}
