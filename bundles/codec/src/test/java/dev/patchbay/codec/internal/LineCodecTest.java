package dev.patchbay.codec.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import dev.patchbay.api.codec.FrameDecoder;

import org.junit.Test;

public class LineCodecTest {

    private final LineCodec codec = new LineCodec();

    @Test
    public void encodeAppendsLineFeed() {
        assertArrayEquals("héllo\n".getBytes(UTF_8), encode("héllo".getBytes(UTF_8)));
    }

    @Test
    public void encodeOfEmptyFrameIsJustLineFeed() {
        assertArrayEquals(new byte[] {'\n'}, encode(new byte[0]));
    }

    @Test
    public void encodeWritesFromFramePositionToLimit() {
        ByteBuffer frame = ByteBuffer.wrap("xxabcxx".getBytes(UTF_8), 2, 3);
        ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(3));

        codec.encode(frame, out);

        assertArrayEquals("abc\n".getBytes(UTF_8), out.array());
    }

    @Test
    public void maxEncodedLengthIsFrameLengthPlusOne() {
        assertEquals(1, codec.maxEncodedLength(0));
        assertEquals(8193, codec.maxEncodedLength(8192));
    }

    @Test
    public void encodeFitsInMaxEncodedLength() {
        byte[] frame = "exactly".getBytes(UTF_8);
        ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(frame.length));

        codec.encode(ByteBuffer.wrap(frame), out);

        assertEquals(0, out.remaining());
    }

    @Test
    public void roundTrip() throws Exception {
        List<String> lines = List.of("", "hello", "café € 😀", "with\rcr");
        ByteBuffer wire = ByteBuffer.allocate(256);
        for (String line : lines) {
            codec.encode(ByteBuffer.wrap(line.getBytes(UTF_8)), wire);
        }
        wire.flip();
        CollectingSink sink = new CollectingSink();
        FrameDecoder decoder = codec.newDecoder(64);

        decoder.decode(wire, sink);

        assertEquals(lines, sink.strings());
        assertEquals(0, decoder.pendingBytes());
    }

    private byte[] encode(byte[] frame) {
        ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(frame.length) + 8);
        codec.encode(ByteBuffer.wrap(frame), out);
        return Arrays.copyOf(out.array(), out.position());
    }
}
