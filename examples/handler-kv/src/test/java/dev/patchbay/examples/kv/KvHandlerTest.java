package dev.patchbay.examples.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.patchbay.testsupport.RecordingSession;

import org.junit.Before;
import org.junit.Test;

public class KvHandlerTest {

    private final KvHandler handler = new KvHandler();
    private final RecordingSession session = new RecordingSession("kv-test");

    @Before
    public void open() {
        handler.opened(session);
    }

    @Test
    public void putReturnsRevisionsAndGetReturnsTheLastValueWithItsRevision() {
        assertEquals(1, revisionOf(send(Requests.put(7, "temp", bytes("21.5"))), 7));
        assertEquals(2, revisionOf(send(Requests.put(8, "temp", bytes("22.0"))), 8));

        ByteBuffer reply = send(Requests.get(9, "temp"));
        assertHeader(reply, KvProtocol.OK, 9);
        assertEquals(2, reply.getLong());
        assertEquals("22.0", UTF_8.decode(reply).toString());
    }

    @Test
    public void getAndDeleteOfAMissingKeyAreNotFoundAndDeleteRemoves() {
        assertHeader(send(Requests.get(1, "nothing")), KvProtocol.NOT_FOUND, 1);
        assertHeader(send(Requests.delete(2, "nothing")), KvProtocol.NOT_FOUND, 2);
        send(Requests.put(3, "k", bytes("v")));
        assertHeader(send(Requests.delete(4, "k")), KvProtocol.OK, 4);
        assertHeader(send(Requests.get(5, "k")), KvProtocol.NOT_FOUND, 5);
        assertEquals("a deleted key starts again at revision 1", 1, revisionOf(send(Requests.put(6, "k", bytes("w"))), 6));
    }

    @Test
    public void statCountsKeysValueBytesAndRequestsInTheCurrentShape() {
        send(Requests.put(1, "a", bytes("xyz")));
        send(Requests.put(2, "b", bytes("12345")));
        send(Requests.put(3, "a", bytes("x")));
        send(Requests.get(4, "missing"));
        ByteBuffer reply = send(Requests.stat(5));
        assertHeader(reply, KvProtocol.OK, 5);
        assertEquals("shape", KvState.SHAPE, reply.get());
        assertEquals("keys", 2, reply.getInt());
        assertEquals("value bytes", 6, reply.getLong());
        assertEquals("requests, this one included", 5, reply.getLong());
        assertFalse(reply.hasRemaining());
    }

    @Test
    public void readsTheFrameFromItsPositionAndLeavesOtherBytesAlone() {
        ByteBuffer request = Requests.put(11, "k", bytes("value"));
        ByteBuffer framed = ByteBuffer.allocate(request.remaining() + 7);
        framed.position(3);
        framed.put(request);
        framed.flip().position(3);
        framed.limit(framed.limit());
        assertEquals(1, revisionOf(send(framed), 11));
        ByteBuffer reply = send(Requests.get(12, "k"));
        assertHeader(reply, KvProtocol.OK, 12);
        reply.getLong();
        assertEquals("value", UTF_8.decode(reply).toString());
    }

    @Test
    public void aPutOverTheQuotaIsFullAndStoresNothing() {
        byte[] half = new byte[(1 << 20) / 2];
        assertEquals(1, revisionOf(send(Requests.put(1, "a", half)), 1));
        assertEquals(1, revisionOf(send(Requests.put(2, "b", half)), 2));
        assertHeader(send(Requests.put(3, "c", new byte[1])), KvProtocol.FULL, 3);
        assertHeader(send(Requests.get(4, "c")), KvProtocol.NOT_FOUND, 4);
        assertEquals("replacing a value within the quota is allowed", 2,
                revisionOf(send(Requests.put(5, "a", new byte[10])), 5));
        assertEquals((1 << 20) / 2 + 10, KvState.valueBytes(session));
    }

    @Test
    public void aSessionHoldsAtMost1024KeysByDefault() {
        for (int i = 0; i < 1024; i++) {
            assertEquals(1, revisionOf(send(Requests.put(i, "k" + i, new byte[1])), i));
        }
        assertHeader(send(Requests.put(-1, "one-too-many", new byte[1])), KvProtocol.FULL, -1);
        assertEquals("an existing key may still change", 2, revisionOf(send(Requests.put(-2, "k0", new byte[1])), -2));
    }

    @Test
    public void theQuotaComesFromTheEndpointSettingsAndAnEditAppliesToTheNextRequest() {
        session.setting("kv.max.keys", "2");
        session.setting("kv.max.value.bytes", "10");
        assertEquals(1, revisionOf(send(Requests.put(1, "a", new byte[4])), 1));
        assertEquals(1, revisionOf(send(Requests.put(2, "b", new byte[4])), 2));
        assertHeader(send(Requests.put(3, "c", new byte[1])), KvProtocol.FULL, 3);
        assertHeader(send(Requests.put(4, "a", new byte[7])), KvProtocol.FULL, 4);

        session.setting("kv.max.keys", "3");
        assertEquals(1, revisionOf(send(Requests.put(5, "c", new byte[1])), 5));
    }

    @Test
    public void aBadQuotaSettingFallsBackToTheDefault() {
        session.setting("kv.max.keys", "many");
        session.setting("kv.max.value.bytes", "0");
        assertEquals(1, revisionOf(send(Requests.put(1, "a", new byte[100])), 1));
        assertEquals(1, revisionOf(send(Requests.put(2, "b", new byte[100])), 2));
    }

    @Test
    public void malformedRequestsGetBadRequestWithAReasonAndTheSessionCarriesOn() {
        assertRefused(ByteBuffer.wrap(new byte[] {1, 0, 0}), 0, "at least 5 bytes");
        assertRefused(ByteBuffer.allocate(5).put((byte) 9).putInt(42).flip(), 42, "unknown operation 9");
        assertRefused(ByteBuffer.allocate(5).put(KvProtocol.GET).putInt(43).flip(), 43, "no key length");
        assertRefused(ByteBuffer.allocate(7).put(KvProtocol.GET).putInt(44).putShort((short) 0).flip(), 44, "key length 0");
        assertRefused(ByteBuffer.allocate(7).put(KvProtocol.GET).putInt(45).putShort((short) 300).flip(), 45, "key length 300");
        assertRefused(ByteBuffer.allocate(9).put(KvProtocol.GET).putInt(46).putShort((short) 5).put(new byte[2]).flip(), 46,
                "only 2 bytes follow");
        assertRefused(ByteBuffer.allocate(9).put(KvProtocol.GET).putInt(47).putShort((short) 2)
                .put(new byte[] {(byte) 0xC3, (byte) 0x28}).flip(), 47, "not valid UTF-8");
    }

    @Test
    public void aSessionIsClosedAtItsTenthMalformedRequest() {
        for (int i = 1; i < KvHandler.MAX_BAD_REQUESTS; i++) {
            handler.received(session, ByteBuffer.allocate(5).put((byte) 9).putInt(i).flip());
            assertHeader(session.lastReply(), KvProtocol.BAD_REQUEST, i);
            assertTrue(session.isOpen());
        }
        handler.received(session, ByteBuffer.allocate(5).put((byte) 9).putInt(10).flip());
        assertHeader(session.lastReply(), KvProtocol.BAD_REQUEST, 10);
        assertFalse(session.isOpen());
    }

    @Test
    public void stateIsPlainValuesOnly() {
        send(Requests.put(1, "a", bytes("v")));
        session.attributes().forEach((key, value) -> {
            assertTrue(key + " is a JDK type, not one of this bundle: " + value.getClass(),
                    value.getClass().getName().startsWith("java."));
        });
    }

    private void assertRefused(ByteBuffer request, int id, String reasonPart) {
        handler.received(session, request);
        ByteBuffer reply = session.lastReply();
        assertHeader(reply, KvProtocol.BAD_REQUEST, id);
        String reason = UTF_8.decode(reply).toString();
        assertTrue("'" + reason + "' names " + reasonPart, reason.contains(reasonPart));
        assertTrue("the frame's length kept the stream in step: the session carries on", session.isOpen());
        assertEquals("and is served", 1, revisionOf(send(Requests.put(id, "k" + id, bytes("v"))), id));
    }

    private ByteBuffer send(ByteBuffer request) {
        handler.received(session, request);
        return session.lastReply();
    }

    private static long revisionOf(ByteBuffer reply, int id) {
        assertHeader(reply, KvProtocol.OK, id);
        long revision = reply.getLong();
        assertFalse(reply.hasRemaining());
        return revision;
    }

    static void assertHeader(ByteBuffer reply, byte status, int id) {
        byte[] all = Arrays.copyOfRange(reply.array(), reply.position(), reply.limit());
        assertEquals("status of reply " + Arrays.toString(all), status, reply.get());
        assertEquals("request id of reply " + Arrays.toString(all), id, reply.getInt());
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static void assertValue(byte[] expected, ByteBuffer reply) {
        byte[] actual = new byte[reply.remaining()];
        reply.get(actual);
        assertArrayEquals(expected, actual);
    }
}
