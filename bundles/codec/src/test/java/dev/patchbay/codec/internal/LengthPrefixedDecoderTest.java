package dev.patchbay.codec.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameException;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Runs every case with heap, direct, sliced (non-zero arrayOffset) and read-only input buffers. */
@RunWith(Parameterized.class)
public class LengthPrefixedDecoderTest {

    private static final int MAX = 16;

    @Parameters(name = "{0}")
    public static Object[] kinds() {
        return BufferKind.values();
    }

    @Parameter
    public BufferKind kind;

    private final LengthPrefixedDecoder decoder = new LengthPrefixedDecoder(MAX);
    private final CollectingSink sink = new CollectingSink();

    @Test
    public void severalFramesInOneRead() throws Exception {
        feed(concat(frame("one"), frame("two"), frame("three")));

        assertEquals(List.of("one", "two", "three"), sink.strings());
        assertEquals(0, decoder.pendingBytes());
    }

    @Test
    public void headerSplitAfterOneTwoOrThreeBytes() throws Exception {
        for (int cut = 1; cut <= 3; cut++) {
            LengthPrefixedDecoder d = new LengthPrefixedDecoder(MAX);
            CollectingSink s = new CollectingSink();
            byte[] f = frame("hello");

            feed(d, s, Arrays.copyOfRange(f, 0, cut));
            assertEquals("cut " + cut, cut, d.pendingBytes());
            assertEquals("cut " + cut, List.of(), s.strings());

            feed(d, s, Arrays.copyOfRange(f, cut, f.length));
            assertEquals("cut " + cut, List.of("hello"), s.strings());
            assertEquals("cut " + cut, 0, d.pendingBytes());
        }
    }

    @Test
    public void bodySplitAcrossReads() throws Exception {
        byte[] f = frame("abcdefgh");

        feed(Arrays.copyOfRange(f, 0, 6));
        feed(Arrays.copyOfRange(f, 6, 9));
        assertEquals(List.of(), sink.strings());
        assertEquals(9, decoder.pendingBytes());

        feed(concat(Arrays.copyOfRange(f, 9, f.length), frame("next"), Arrays.copyOfRange(frame("x"), 0, 2)));
        assertEquals(List.of("abcdefgh", "next"), sink.strings());
        assertEquals(2, decoder.pendingBytes());
    }

    @Test
    public void zeroLengthFrame() throws Exception {
        feed(concat(frame(""), frame("a"), frame("")));

        assertEquals(List.of("", "a", ""), sink.strings());
    }

    @Test
    public void zeroLengthFrameWithSplitHeader() throws Exception {
        byte[] f = frame("");
        feed(Arrays.copyOfRange(f, 0, 2));
        feed(Arrays.copyOfRange(f, 2, 4));

        assertEquals(List.of(""), sink.strings());
        assertEquals(0, decoder.pendingBytes());
    }

    @Test
    public void frameOfMaxSizeIsAccepted() throws Exception {
        byte[] payload = payload(MAX);

        feed(frame(payload));

        assertEquals(1, sink.frames.size());
        assertArrayEquals(payload, sink.frames.get(0));
    }

    @Test
    public void frameOfMaxSizeAcrossReadsIsAccepted() throws Exception {
        byte[] payload = payload(MAX);

        feedByteByByte(frame(payload));

        assertEquals(1, sink.frames.size());
        assertArrayEquals(payload, sink.frames.get(0));
    }

    @Test
    public void frameOfMaxPlusOneIsRefused() {
        assertRefused(frame(payload(MAX + 1)));
        assertEquals(List.of(), sink.strings());
    }

    @Test
    public void frameOfMaxPlusOneIsRefusedAsSoonAsItsHeaderIsComplete() throws Exception {
        byte[] header = header(MAX + 1);

        feed(Arrays.copyOfRange(header, 0, 3));
        assertRefused(Arrays.copyOfRange(header, 3, 4));
    }

    @Test
    public void headerAloneOfOverSizeFrameIsRefused() {
        assertRefused(header(MAX + 1));
    }

    @Test
    public void negativeLengthIsRefused() {
        assertRefused(header(-1));
        assertRefused(header(Integer.MIN_VALUE));
    }

    @Test
    public void negativeLengthWithSplitHeaderIsRefused() throws Exception {
        feed(new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertRefused(new byte[] {(byte) 0xFF, (byte) 0xFE});
    }

    @Test
    public void framesBeforeABadOneAreDelivered() {
        assertRefused(concat(frame("ok"), header(-5)));
        assertEquals(List.of("ok"), sink.strings());
    }

    @Test
    public void manyFramesFedByteByByte() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int len = 0; len <= MAX; len++) {
            stream.writeBytes(frame(payload(len)));
        }

        feedByteByByte(stream.toByteArray());

        assertEquals(MAX + 1, sink.frames.size());
        for (int len = 0; len <= MAX; len++) {
            assertArrayEquals("frame " + len, payload(len), sink.frames.get(len));
        }
        assertEquals(0, decoder.pendingBytes());
    }

    @Test
    public void sinkReturningFalseStopsRightAfterThatFrame() throws Exception {
        CollectingSink stopping = new CollectingSink(1);
        ByteBuffer in = kind.wrap(concat(frame("ab"), frame("cd")));
        int start = in.position();

        decoder.decode(in, stopping);

        assertEquals(List.of("ab"), stopping.strings());
        assertEquals(start + 6, in.position());

        decoder.decode(in, sink);
        assertEquals(List.of("cd"), sink.strings());
        assertEquals(in.limit(), in.position());
    }

    @Test
    public void sinkReturningFalseOnFrameCompletedFromEarlierReadStopsRightAfterIt() throws Exception {
        byte[] first = frame("abc");
        feed(Arrays.copyOfRange(first, 0, 5));
        CollectingSink stopping = new CollectingSink(1);
        ByteBuffer in = kind.wrap(concat(Arrays.copyOfRange(first, 5, first.length), frame("d")));
        int start = in.position();

        decoder.decode(in, stopping);

        assertEquals(List.of("abc"), stopping.strings());
        assertEquals(start + 2, in.position());
        assertEquals(0, decoder.pendingBytes());

        decoder.decode(in, sink);
        assertEquals(List.of("d"), sink.strings());
    }

    @Test
    public void encodeThenDecodeRoundTrip() throws Exception {
        LengthPrefixedCodec codec = new LengthPrefixedCodec();
        List<byte[]> payloads = List.of(payload(0), payload(1), "héllo €".getBytes(UTF_8), payload(MAX));
        ByteBuffer wire = ByteBuffer.allocate(1024);
        for (byte[] p : payloads) {
            int before = wire.position();
            codec.encode(ByteBuffer.wrap(p), wire);
            assertEquals(codec.maxEncodedLength(p.length), wire.position() - before);
        }
        wire.flip();
        byte[] bytes = new byte[wire.remaining()];
        wire.get(bytes);

        feedByteByByte(bytes);
        feed(codec.newDecoder(MAX), sink, bytes);

        assertEquals(2 * payloads.size(), sink.frames.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertArrayEquals(payloads.get(i), sink.frames.get(i));
            assertArrayEquals(payloads.get(i), sink.frames.get(payloads.size() + i));
        }
    }

    @Test
    public void encodeWritesBigEndianLengthThenPayload() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(16);

        new LengthPrefixedCodec().encode(ByteBuffer.wrap("hi".getBytes(UTF_8)), out);

        assertArrayEquals(new byte[] {0, 0, 0, 2, 'h', 'i'}, Arrays.copyOf(out.array(), out.position()));
        assertEquals(6, new LengthPrefixedCodec().maxEncodedLength(2));
    }

    // --- helpers ---

    private void feed(byte[] data) throws Exception {
        feed(decoder, sink, data);
    }

    private void feed(FrameDecoder d, CollectingSink s, byte[] data) throws Exception {
        ByteBuffer in = kind.wrap(data);
        d.decode(in, s);
        assertEquals("decode must consume all of its input", in.limit(), in.position());
    }

    private void feedByteByByte(byte[] data) throws Exception {
        for (byte b : data) {
            feed(new byte[] {b});
        }
    }

    private void assertRefused(byte[] data) {
        assertThrows(FrameException.class, () -> decoder.decode(kind.wrap(data), sink));
    }

    private static byte[] header(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private static byte[] frame(String payload) {
        return frame(payload.getBytes(UTF_8));
    }

    private static byte[] frame(byte[] payload) {
        return concat(header(payload.length), payload);
    }

    /** Distinct bytes, including some that look like line ends and length headers. */
    private static byte[] payload(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 37 + length);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }
}
