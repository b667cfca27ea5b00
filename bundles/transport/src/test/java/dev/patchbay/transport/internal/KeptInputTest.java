package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;

import org.junit.Test;

public class KeptInputTest {

    private final KeptInput kept = new KeptInput();

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.wrap(new byte[n]);
    }

    @Test
    public void startsEmpty() {
        assertTrue(kept.isEmpty());
        assertEquals(0, kept.bytes());
        assertNull(kept.poll());
    }

    @Test
    public void keepsOrderAndTheSameBufferObjects() {
        ByteBuffer a = bytes(3);
        ByteBuffer b = bytes(5);
        ByteBuffer c = bytes(7);
        kept.add(a);
        kept.add(b);
        kept.add(c);
        assertFalse(kept.isEmpty());
        assertEquals(15, kept.bytes());
        assertSame(a, kept.poll());
        assertEquals(12, kept.bytes());
        assertSame(b, kept.poll());
        assertSame(c, kept.poll());
        assertNull(kept.poll());
        assertTrue(kept.isEmpty());
        assertEquals(0, kept.bytes());
    }

    @Test
    public void emptyBuffersAreNotKept() {
        kept.add(bytes(0));
        ByteBuffer consumed = bytes(4);
        consumed.position(4);
        kept.add(consumed);
        kept.putBack(bytes(0));
        assertTrue(kept.isEmpty());
        assertNull(kept.poll());
    }

    @Test
    public void putBackGoesToTheHead() {
        ByteBuffer a = bytes(3);
        ByteBuffer b = bytes(5);
        kept.add(a);
        kept.add(b);
        ByteBuffer first = kept.poll();
        assertSame(a, first);
        ByteBuffer other = bytes(2);
        kept.putBack(other);
        assertEquals(7, kept.bytes());
        assertSame(other, kept.poll());
        assertSame(b, kept.poll());
    }

    @Test
    public void positionAdvancesAreRespected() {
        ByteBuffer a = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        a.position(2); // MINA handed it over partly read: only the remaining bytes count
        kept.add(a);
        ByteBuffer b = bytes(4);
        kept.add(b);
        assertEquals(12, kept.bytes());

        ByteBuffer taken = kept.poll();
        assertEquals(4, kept.bytes());
        taken.position(6); // delivery stopped after 4 of its 8 bytes
        kept.putBack(taken);
        assertEquals(8, kept.bytes());

        ByteBuffer again = kept.poll();
        assertSame(a, again);
        assertEquals(6, again.position());
        assertEquals(7, again.get());
        assertEquals(4, kept.bytes());
        assertSame(b, kept.poll());
        assertTrue(kept.isEmpty());
    }

    @Test
    public void clearDropsEverything() {
        kept.add(bytes(3));
        kept.add(bytes(4));
        kept.clear();
        assertTrue(kept.isEmpty());
        assertEquals(0, kept.bytes());
        assertNull(kept.poll());
        ByteBuffer c = bytes(2);
        kept.add(c);
        assertEquals(2, kept.bytes());
        assertSame(c, kept.poll());
    }
}
