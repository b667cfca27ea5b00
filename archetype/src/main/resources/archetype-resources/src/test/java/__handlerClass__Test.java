package ${package};

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;

import org.junit.Test;

import dev.patchbay.testkit.RecordingSession;

/** The handler alone, without a server: a {@link RecordingSession} records what it writes. */
public class ${handlerClass}Test {

    private final ${handlerClass} handler = new ${handlerClass}();

    @Test
    public void answersWithTheMessageInUpperCase() throws Exception {
        RecordingSession session = new RecordingSession("test");
        handler.opened(session);

        handler.received(session, ByteBuffer.wrap("hello, Patchbay 42!".getBytes(US_ASCII)));

        assertEquals(1, session.written().size());
        assertArrayEquals("HELLO, PATCHBAY 42!".getBytes(US_ASCII), session.written().get(0));
    }

    @Test
    public void readsOnlyTheFrameBetweenPositionAndLimit() throws Exception {
        RecordingSession session = new RecordingSession("test");
        handler.opened(session);
        ByteBuffer buffer = ByteBuffer.wrap("xxabcxx".getBytes(US_ASCII));
        buffer.position(2).limit(5);

        handler.received(session, buffer);

        assertArrayEquals("ABC".getBytes(US_ASCII), session.written().get(0));
    }

    @Test
    public void countsMessagesAndKeepsTheCountAcrossAHandover() throws Exception {
        RecordingSession session = new RecordingSession("test");
        handler.opened(session);
        handler.received(session, ByteBuffer.wrap(new byte[] {'a'}));
        handler.received(session, ByteBuffer.wrap(new byte[] {'b'}));

        // A newer version takes the live session over: the state is in the session.
        ${handlerClass} newer = new ${handlerClass}();
        newer.handedOver(session, "1.0.0");
        newer.received(session, ByteBuffer.wrap(new byte[] {'c'}));

        assertEquals(3, ${handlerClass}.messages(session));
    }

    @Test
    public void startsCountingWhenTheSessionComesFromAHandlerWithoutACount() throws Exception {
        RecordingSession session = new RecordingSession("test");
        session.attribute(${handlerClass}.MESSAGES, "a shape this version does not know");

        handler.handedOver(session, "0.9.0");
        handler.received(session, ByteBuffer.wrap(new byte[] {'x'}));

        assertEquals(1, ${handlerClass}.messages(session));
    }
}
