package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;

import org.junit.Test;

public class FramingTest {

    @Test
    public void encodesAsTheStockCodecsDo() {
        assertArrayEquals("ab\n".getBytes(US_ASCII), Framing.LINES.encode("ab".getBytes(US_ASCII)));
        assertArrayEquals(new byte[] {0, 0, 0, 2, 'a', 'b'}, Framing.LENGTH_PREFIXED.encode("ab".getBytes(US_ASCII)));
        assertArrayEquals("ab".getBytes(US_ASCII), Framing.RAW.encode("ab".getBytes(US_ASCII)));
        assertEquals(Framing.LENGTH_PREFIXED, Framing.ofCodec("length-prefixed"));
        assertEquals("line", Framing.LINES.codec());
    }

    @Test
    public void decodesFramesSplitAnywhere() {
        byte[] stream = ByteBuffer.allocate(13).put(Framing.LENGTH_PREFIXED.encode(new byte[] {1, 2, 3}))
                .put(Framing.LENGTH_PREFIXED.encode(new byte[] {4, 5})).array();
        for (int cut = 0; cut <= stream.length; cut++) {
            Framing.Decoder decoder = Framing.LENGTH_PREFIXED.decoder();
            ByteBuffer first = ByteBuffer.wrap(stream, 0, cut).slice();
            ByteBuffer second = ByteBuffer.wrap(stream, cut, stream.length - cut).slice();
            java.util.List<byte[]> frames = new java.util.ArrayList<>();
            for (ByteBuffer part : new ByteBuffer[] {first, second}) {
                for (byte[] f = decoder.next(part, -1); f != null; f = decoder.next(part, -1)) {
                    frames.add(f);
                }
            }
            assertEquals("cut at " + cut, 2, frames.size());
            assertArrayEquals(new byte[] {1, 2, 3}, frames.get(0));
            assertArrayEquals(new byte[] {4, 5}, frames.get(1));
            assertFalse(decoder.hasPartial());
        }
    }

    @Test
    public void rawRepliesAreCutByTheirExpectedLength() {
        Framing.Decoder decoder = Framing.RAW.decoder();
        ByteBuffer in = ByteBuffer.wrap("abcde".getBytes(US_ASCII));
        assertArrayEquals("abc".getBytes(US_ASCII), decoder.next(in, 3));
        assertNull(decoder.next(in, 3));
        assertTrue(decoder.hasPartial());
        assertArrayEquals("def".getBytes(US_ASCII), decoder.next(ByteBuffer.wrap("f".getBytes(US_ASCII)), 3));
    }
}
