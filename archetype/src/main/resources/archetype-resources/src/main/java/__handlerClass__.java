package ${package};

import java.nio.ByteBuffer;

import org.osgi.service.component.annotations.Component;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;

/**
 * The {@code ${handlerName}} protocol handler: answers every message with the same bytes, ASCII
 * letters in upper case. That is a byte-for-byte change, so it is right on every codec, even
 * {@code raw}, where a "message" is whatever one read brought. Replace it with your protocol.
 *
 * <p>It keeps one piece of per-session state, the number of messages the session sent, as a plain
 * {@code Long} session attribute: the transport keeps attributes when it hands a live session
 * to a newer version of the handler ({@code bundle:update}, a newer bundle installed,
 * {@code patchbay:swap}), and a plain JDK value is readable by every version, whatever its class
 * loader.
 *
 * <p>It runs on the session's I/O thread ({@code handler.executor = io}, the default): it must
 * never block. One session's calls never overlap; different sessions' calls do, so the handler
 * keeps no mutable state of its own.
 */
@Component(property = HandlerConstants.HANDLER_NAME + "=" + ${handlerClass}.NAME)
public class ${handlerClass} implements ProtocolHandler {

    /** What an endpoint's {@code handler} key names. */
    public static final String NAME = "${handlerName}";

    /** Session attribute: how many messages this session sent (a {@code Long}). */
    public static final String MESSAGES = NAME + ".messages";

    @Override
    public void opened(Session session) {
        session.attribute(MESSAGES, 0L);
    }

    /** A live session arrives from another version: its count is still in the session. */
    @Override
    public void handedOver(Session session, String previousVersion) {
        if (!(session.attribute(MESSAGES) instanceof Long)) {
            // The previous handler kept no count (another handler, or an older state shape).
            session.attribute(MESSAGES, 0L);
        }
    }

    @Override
    public void received(Session session, ByteBuffer frame) {
        // The frame is the transport's and valid during this call only: the reply is a copy.
        byte[] reply = new byte[frame.remaining()];
        int start = frame.position();
        for (int i = 0; i < reply.length; i++) {
            byte b = frame.get(start + i);
            reply[i] = b >= 'a' && b <= 'z' ? (byte) (b - ('a' - 'A')) : b;
        }
        session.attribute(MESSAGES, messages(session) + 1);
        session.write(reply);
    }

    /** The number of messages the session sent so far. */
    public static long messages(Session session) {
        Object count = session.attribute(MESSAGES);
        return count instanceof Long ? (Long) count : 0L;
    }
}
