package dev.patchbay.examples.kv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The key-value protocol's wire format. One request or reply is one frame of the endpoint's
 * codec (length-prefixed: a 4-byte big-endian length, then these bytes); every integer is
 * big-endian.
 *
 * <pre>
 * request:  op (1 byte) | request id (4) | [key length (2) | key (UTF-8) | [value (rest of the frame)]]
 *           PUT (1) key value, GET (2) key, DELETE (3) key, STAT (4) nothing
 * reply:    status (1) | request id (4) | body
 *           OK (0):          PUT: revision (8); GET: revision (8) | value; DELETE: nothing;
 *                            STAT: state shape (1) | keys (4) | value bytes (8) | requests (8)
 *           NOT_FOUND (1):   GET or DELETE of a key the session does not hold
 *           BAD_REQUEST (2): UTF-8 reason; the session carries on (it is closed at its tenth)
 *           FULL (3):        PUT over the session's quota (keys or value bytes); nothing stored
 * </pre>
 *
 * The request id is the client's own and comes back unchanged, so a client can tell which
 * reply answers which request; replies come in request order.
 */
public final class KvProtocol {

    public static final byte PUT = 1;
    public static final byte GET = 2;
    public static final byte DELETE = 3;
    public static final byte STAT = 4;

    public static final byte OK = 0;
    public static final byte NOT_FOUND = 1;
    public static final byte BAD_REQUEST = 2;
    public static final byte FULL = 3;

    /** Operation and request id. */
    public static final int HEADER_BYTES = 5;
    public static final int MAX_KEY_BYTES = 255;

    private KvProtocol() {
    }

    /**
     * Reads the key that follows the header.
     *
     * @throws MalformedRequestException if the key is missing, empty, too long or not UTF-8
     */
    static String readKey(ByteBuffer frame) throws MalformedRequestException {
        if (frame.remaining() < 2) {
            throw new MalformedRequestException("no key length after the header");
        }
        int length = Short.toUnsignedInt(frame.getShort());
        if (length == 0 || length > MAX_KEY_BYTES) {
            throw new MalformedRequestException("key length " + length + " (accepted: 1 to " + MAX_KEY_BYTES + ")");
        }
        if (frame.remaining() < length) {
            throw new MalformedRequestException("key length " + length + " but only " + frame.remaining() + " bytes follow");
        }
        ByteBuffer key = frame.slice(frame.position(), length);
        frame.position(frame.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(key).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("the key is not valid UTF-8");
        }
    }

    /** A reply of {@code status} to {@code requestId} with room for {@code bodyBytes} more, positioned after the header. */
    static ByteBuffer reply(byte status, int requestId, int bodyBytes) {
        return ByteBuffer.allocate(HEADER_BYTES + bodyBytes).put(status).putInt(requestId);
    }

    /** The request id of a frame, or 0 when it is too short to hold one (for the BAD_REQUEST reply). */
    static int requestIdOf(ByteBuffer frame, int start) {
        return frame.limit() - start >= HEADER_BYTES ? frame.getInt(start + 1) : 0;
    }

    /** A request this protocol cannot read. */
    static final class MalformedRequestException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRequestException(String reason) {
            super(reason, null, false, false);
        }
    }
}
