package dev.patchbay.codec.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import dev.patchbay.api.codec.FrameDecoder;

import org.junit.Test;

public class RawCodecTest {

    private final RawCodec codec = new RawCodec();
    private final CollectingSink sink = new CollectingSink();

    @Test
    public void readSmallerThanMaxIsOneFrame() throws Exception {
        decode(codec.newDecoder(8), "hello\n");

        assertEquals(List.of("hello\n"), sink.strings());
    }

    @Test
    public void readLargerThanMaxIsCutIntoChunksOfAtMostMax() throws Exception {
        decode(codec.newDecoder(4), "abcdefghij");

        assertEquals(List.of("abcd", "efgh", "ij"), sink.strings());
    }

    @Test
    public void readOfExactlyMaxIsOneFrame() throws Exception {
        decode(codec.newDecoder(4), "abcd");

        assertEquals(List.of("abcd"), sink.strings());
    }

    @Test
    public void chunksWorkForEveryBufferKind() throws Exception {
        for (BufferKind kind : BufferKind.values()) {
            CollectingSink s = new CollectingSink();
            ByteBuffer in = kind.wrap("0123456".getBytes(UTF_8));

            codec.newDecoder(3).decode(in, s);

            assertEquals(kind.name(), List.of("012", "345", "6"), s.strings());
            assertEquals(kind.name(), in.limit(), in.position());
        }
    }

    @Test
    public void nothingIsHeldBetweenReads() throws Exception {
        FrameDecoder decoder = codec.newDecoder(4);

        decode(decoder, "ab");
        decode(decoder, "cd");

        assertEquals(List.of("ab", "cd"), sink.strings());
        assertEquals(0, decoder.pendingBytes());
    }

    @Test
    public void sinkReturningFalseStopsAfterThatChunk() throws Exception {
        ByteBuffer in = ByteBuffer.wrap("abcdefghij".getBytes(UTF_8));

        codec.newDecoder(4).decode(in, new CollectingSink(1));

        assertEquals(4, in.position());
        assertEquals(10, in.limit());
    }

    @Test
    public void encodeIsIdentity() {
        byte[] frame = {0, 1, '\n', (byte) 0xFF, '\r'};
        ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(frame.length));

        codec.encode(ByteBuffer.wrap(frame), out);

        assertEquals(frame.length, codec.maxEncodedLength(frame.length));
        assertEquals(out.capacity(), out.position());
        assertArrayEquals(frame, Arrays.copyOf(out.array(), out.position()));
    }

    private void decode(FrameDecoder decoder, String s) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(s.getBytes(UTF_8));
        decoder.decode(in, sink);
        assertEquals(in.limit(), in.position());
    }
}
