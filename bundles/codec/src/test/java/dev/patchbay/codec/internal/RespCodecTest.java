package dev.patchbay.codec.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

import org.junit.Test;

/** Replies go out as the handler built them, from and into any kind of buffer, at their positions. */
public class RespCodecTest {

    private static final byte[] REPLY = "$3\r\nbar\r\n".getBytes(ISO_8859_1);

    private final RespCodec codec = new RespCodec();

    @Test
    public void encodeCopiesTheReplyAfterWhatTheBatchHolds() {
        for (BufferKind kind : BufferKind.values()) {
            for (ByteBuffer out : new ByteBuffer[] {ByteBuffer.allocate(32), ByteBuffer.allocateDirect(32),
                    ByteBuffer.wrap(new byte[40], 3, 32).slice()}) {
                out.put("+OK\r\n".getBytes(ISO_8859_1));
                ByteBuffer reply = kind.wrap(REPLY);

                codec.encode(reply, out);

                String what = kind + " into " + (out.hasArray() ? "heap" : "direct");
                assertEquals(what, 0, reply.remaining());
                assertEquals(what, 5 + REPLY.length, out.position());
                out.flip();
                byte[] written = new byte[out.remaining()];
                out.get(written);
                assertEquals(what, "+OK\r\n$3\r\nbar\r\n", new String(written, ISO_8859_1));
            }
        }
    }

    @Test
    public void encodeIntoTooSmallARoomFailsAndWritesNothing() {
        ByteBuffer out = ByteBuffer.wrap(new byte[64], 0, REPLY.length - 1);
        ByteBuffer reply = ByteBuffer.wrap(REPLY);

        assertThrows(BufferOverflowException.class, () -> codec.encode(reply, out));
        assertEquals(0, out.position());
        assertEquals(0, reply.position());
    }
}
