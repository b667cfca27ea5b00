package dev.patchbay.transport.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;

import org.junit.Test;

public class ReplyBatchTest {

    private final ReplyBatch batch = new ReplyBatch();

    private void reply(byte... bytes) {
        ByteBuffer room = batch.room(bytes.length);
        assertTrue("room for " + bytes.length + ": " + room.remaining(), room.remaining() >= bytes.length);
        room.put(bytes);
        batch.replyAdded();
    }

    private static byte[] remaining(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] filled(int n, int value) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }

    @Test
    public void nothingToTakeWhenEmpty() {
        assertNull(batch.take());
        assertEquals(0, batch.bytes());
        batch.room(100); // room asked for, nothing encoded
        assertNull(batch.take());
        assertEquals(0, batch.bytes());
    }

    @Test
    public void repliesGoIntoOneBufferInOrder() {
        reply((byte) 1, (byte) 2);
        reply((byte) 3);
        reply((byte) 4, (byte) 5, (byte) 6);
        assertEquals(6, batch.bytes());
        ByteBuffer taken = batch.take();
        assertEquals(0, taken.position());
        assertEquals(6, taken.limit());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, remaining(taken));
        assertEquals(3, batch.takenReplies());
    }

    @Test
    public void takeResetsTheBatch() {
        reply((byte) 1);
        reply((byte) 2);
        ByteBuffer first = batch.take();
        assertEquals(2, batch.takenReplies());
        assertEquals(0, batch.bytes());
        assertNull(batch.take());
        assertEquals(2, batch.takenReplies()); // still the batch last taken

        reply((byte) 9);
        assertEquals(1, batch.bytes());
        ByteBuffer second = batch.take();
        assertNotSame(first, second);
        assertArrayEquals(new byte[] {9}, remaining(second));
        assertArrayEquals(new byte[] {1, 2}, remaining(first)); // the first batch is untouched
        assertEquals(1, batch.takenReplies());
    }

    @Test
    public void growsKeepingWhatWasEncoded() {
        byte[] a = filled(3000, 1);
        byte[] b = filled(5000, 2);
        reply(a);
        int capacity = batch.room(0).capacity();
        reply(b);
        assertTrue(batch.room(0).capacity() > capacity);
        ByteBuffer taken = batch.take();
        byte[] all = remaining(taken);
        assertEquals(8000, all.length);
        assertEquals(1, all[0]);
        assertEquals(1, all[2999]);
        assertEquals(2, all[3000]);
        assertEquals(2, all[7999]);
        assertEquals(2, batch.takenReplies());
    }

    @Test
    public void isFullAtTheFlushSize() {
        reply(filled(ReplyBatch.FLUSH_AT - 1, 7));
        assertFalse(batch.isFull());
        reply((byte) 7);
        assertTrue(batch.isFull());
        batch.take();
        assertFalse(batch.isFull());
    }

    @Test
    public void aRecycledBufferCarriesTheNextBatch() {
        reply(filled(100, 1));
        ByteBuffer written = batch.take();
        written.position(written.limit()); // as MINA leaves it once written
        batch.recycle(written);
        reply((byte) 5);
        ByteBuffer next = batch.take();
        assertSame(written, next);
        assertArrayEquals(new byte[] {5}, remaining(next));
        // Used once: the batch after that gets a buffer of its own.
        reply((byte) 6);
        assertNotSame(written, batch.take());
    }

    @Test
    public void aRecycledBufferTooSmallForTheReplyIsNotUsed() {
        ByteBuffer small = ByteBuffer.allocate(4096);
        batch.recycle(small);
        reply(filled(5000, 3));
        ByteBuffer taken = batch.take();
        assertNotSame(small, taken);
        assertEquals(5000, taken.remaining());
    }

    @Test
    public void aTooLargeBufferIsNotKept() {
        ByteBuffer large = ByteBuffer.allocate(ReplyBatch.FLUSH_AT * 2 + 1);
        batch.recycle(large);
        reply((byte) 1);
        assertNotSame(large, batch.take());
    }

    @Test
    public void theLargestKeptSizeIsKept() {
        ByteBuffer largest = ByteBuffer.allocate(ReplyBatch.FLUSH_AT * 2);
        batch.recycle(largest);
        reply((byte) 1);
        assertSame(largest, batch.take());
    }

    @Test
    public void aDirectBufferIsNotKept() {
        ByteBuffer direct = ByteBuffer.allocateDirect(4096);
        batch.recycle(direct);
        reply((byte) 1);
        assertNotSame(direct, batch.take());
    }
}
