package dev.patchbay.codec.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertSame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.patchbay.api.codec.FrameException;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Runs every case with heap, direct, sliced (non-zero arrayOffset) and read-only input buffers. */
@RunWith(Parameterized.class)
public class LineDecoderTest {

    private static final int MAX = 8;

    @Parameters(name = "{0}")
    public static Object[] kinds() {
        return BufferKind.values();
    }

    @Parameter
    public BufferKind kind;

    private final LineDecoder decoder = new LineDecoder(MAX);
    private final CollectingSink sink = new CollectingSink();

    // --- framing ---

    @Test
    public void unfinishedLineOneByteTooLongIsRefusedBeforeItsNewline() {
        assertRefused("123456789");
    }

    @Test
    public void unfinishedLineGrownTooLongAcrossReadsIsRefusedBeforeItsNewline() throws Exception {
        feed("1234");
        assertRefused("56789");
    }

    @Test
    public void unfinishedLineOfMaxLengthWaitingForCrLfIsKept() throws Exception {
        feed("12345678\r");
        feed("\n");

        assertEquals(List.of("12345678"), sink.strings());
    }

    @Test
    public void singleLine() throws Exception {
        feed("hello\n");

        assertEquals(List.of("hello"), sink.strings());
        assertEquals(0, decoder.pendingBytes());
    }

    @Test
    public void severalLinesInOneRead() throws Exception {
        feed("a\nbb\nccc\n");

        assertEquals(List.of("a", "bb", "ccc"), sink.strings());
    }

    @Test
    public void crlfEndingsAreStripped() throws Exception {
        feed("one\r\ntwo\r\nthree\n");

        assertEquals(List.of("one", "two", "three"), sink.strings());
    }

    @Test
    public void carriageReturnInsideLineIsKept() throws Exception {
        feed("a\rb\n");

        assertEquals(List.of("a\rb"), sink.strings());
    }

    @Test
    public void emptyLines() throws Exception {
        feed("\n\r\n\n");

        assertEquals(List.of("", "", ""), sink.strings());
    }

    @Test
    public void lineSplitAcrossTwoReads() throws Exception {
        feed("hel");
        assertEquals(List.of(), sink.strings());
        assertEquals(3, decoder.pendingBytes());

        feed("lo\nwor");
        assertEquals(List.of("hello"), sink.strings());
        assertEquals(3, decoder.pendingBytes());

        feed("ld\n");
        assertEquals(List.of("hello", "world"), sink.strings());
        assertEquals(0, decoder.pendingBytes());
    }

    @Test
    public void crlfSplitBetweenReads() throws Exception {
        feed("abc\r");
        feed("\n");
        feed("\r");
        feed("\n");

        assertEquals(List.of("abc", ""), sink.strings());
        assertEquals(0, decoder.pendingBytes());
    }

    @Test
    public void lineSplitAcrossManyReads() throws Exception {
        feed("ab");
        feed("cd");
        feed("ef");
        feed("g\r\nh");

        assertEquals(List.of("abcdefg"), sink.strings());
        assertEquals(1, decoder.pendingBytes());
    }

    @Test
    public void byteByByte() throws Exception {
        LineDecoder big = new LineDecoder(64);
        String text = "first\r\nsecond\n\n\r\nthird line é€😀\n";

        feedByteByByte(big, text.getBytes(UTF_8));

        assertEquals(List.of("first", "second", "", "", "third line é€😀"), sink.strings());
        assertEquals(0, big.pendingBytes());
    }

    // --- maximum length ---

    @Test
    public void lineOfExactlyMaxLengthIsAccepted() throws Exception {
        feed("12345678\n");
        feed("abcdefgh\r\n");

        assertEquals(List.of("12345678", "abcdefgh"), sink.strings());
    }

    @Test
    public void lineOfExactlyMaxLengthAcrossReadsIsAccepted() throws Exception {
        feed("1234");
        feed("5678");
        feed("\r");
        feed("\n");

        assertEquals(List.of("12345678"), sink.strings());
    }

    @Test
    public void lineOfMaxPlusOneIsRefused() {
        assertRefused("123456789\n");
        assertEquals(List.of(), sink.strings());
    }

    @Test
    public void lineOfMaxPlusOneWithCrlfIsRefused() {
        assertRefused("123456789\r\n");
    }

    @Test
    public void lineOfMaxPlusOneAcrossReadsIsRefused() throws Exception {
        feed("12345");
        assertRefused("6789\n");
    }

    @Test
    public void lineOfMaxPlusOneIsRefusedAtTheLatestWhenItsNewlineArrives() {
        assertThrows(FrameException.class, () -> {
            feed("1234");
            feed("56789");
            feed("\n");
        });
        assertEquals(List.of(), sink.strings());
    }

    @Test
    public void overLongLineIsRefusedBeforeItsNewlineArrives() {
        assertRefused("x".repeat(MAX + 10));
    }

    @Test
    public void overLongLineBuiltUpAcrossReadsIsRefusedBeforeItsNewlineArrives() throws Exception {
        feed("xxxxx");
        assertRefused("xxxxxxxx");
    }

    @Test
    public void lineOfMaxLengthWaitingForItsLineFeedIsNotRefused() throws Exception {
        // 8 bytes and a '\r': may still become a valid 8-byte line once '\n' arrives
        feed("12345678\r");
        feed("\n");

        assertEquals(List.of("12345678"), sink.strings());
    }

    @Test
    public void validLinesBeforeAnOverLongOneAreDelivered() {
        assertRefused("ok\n123456789\n");
        assertEquals(List.of("ok"), sink.strings());
    }

    // --- UTF-8 ---

    @Test
    public void loneContinuationByteIsRefused() {
        assertInvalidUtf8(0x80);
    }

    @Test
    public void overlongTwoByteEncodingIsRefused() {
        assertInvalidUtf8(0xC0, 0xAF);
    }

    @Test
    public void overlongThreeByteEncodingIsRefused() {
        assertInvalidUtf8(0xE0, 0x80, 0xAF);
    }

    @Test
    public void surrogateIsRefused() {
        assertInvalidUtf8(0xED, 0xA0, 0x80);
    }

    @Test
    public void truncatedSequenceAtLineEndIsRefused() {
        assertInvalidUtf8(0xE2, 0x82);
    }

    @Test
    public void truncatedSequenceFollowedByAsciiIsRefused() {
        assertInvalidUtf8(0xC3, 'a');
    }

    @Test
    public void codePointAboveU10ffffIsRefused() {
        assertInvalidUtf8(0xF4, 0x90, 0x80, 0x80);
    }

    @Test
    public void byteNeverUsedInUtf8IsRefused() {
        assertInvalidUtf8(0xFF);
    }

    @Test
    public void invalidUtf8AfterCrlfSplitIsStillRefused() throws Exception {
        feed(bytes('a', 0xE2));
        assertRefused(bytes(0x82, '\r', '\n'));
    }

    @Test
    public void validMultiByteCharactersAreAccepted() throws Exception {
        LineDecoder big = new LineDecoder(64);
        String text = "é\n€\n😀\ncafé € 😀\n";

        feed(big, text.getBytes(UTF_8));

        assertEquals(List.of("é", "€", "😀", "café € 😀"), sink.strings());
    }

    @Test
    public void boundaryCodePointsAreAccepted() throws Exception {
        LineDecoder big = new LineDecoder(64);
        String text = "\u0080\u07FF\u0800\uD7FF\uE000\uFFFF" + new String(Character.toChars(0x10000))
                + new String(Character.toChars(0x10FFFF)) + "\n";

        feed(big, text.getBytes(UTF_8));

        assertEquals(List.of(text.substring(0, text.length() - 1)), sink.strings());
    }

    @Test
    public void multiByteCharacterSplitAcrossReadsIsAccepted() throws Exception {
        byte[] emoji = "😀€\n".getBytes(UTF_8);

        feedByteByByte(decoder, emoji);

        assertEquals(List.of("😀€"), sink.strings());
    }

    // --- stopping, and what the sink sees ---

    @Test
    public void sinkReturningFalseStopsRightAfterThatFramesNewline() throws Exception {
        CollectingSink stopping = new CollectingSink(1);
        ByteBuffer in = kind.wrap("a\r\nb\nc\n".getBytes(UTF_8));
        int start = in.position();
        int limit = in.limit();

        decoder.decode(in, stopping);

        assertEquals(List.of("a"), stopping.strings());
        assertEquals(start + 3, in.position());
        assertEquals(limit, in.limit());

        decoder.decode(in, sink);
        assertEquals(List.of("b", "c"), sink.strings());
        assertEquals(limit, in.position());
    }

    @Test
    public void sinkReturningFalseOnLineCompletedFromEarlierReadStopsAfterItsNewline() throws Exception {
        feed("ab");
        CollectingSink stopping = new CollectingSink(1);
        ByteBuffer in = kind.wrap("c\nd\n".getBytes(UTF_8));
        int start = in.position();

        decoder.decode(in, stopping);

        assertEquals(List.of("abc"), stopping.strings());
        assertEquals(start + 2, in.position());
        assertEquals(0, decoder.pendingBytes());

        decoder.decode(in, sink);
        assertEquals(List.of("d"), sink.strings());
    }

    @Test
    public void framesAreExactlyTheLineBytes() throws Exception {
        byte[] line1 = bytes('x', 0xC3, 0xA9, ' ', '\r', 'y');
        byte[] line2 = bytes();
        byte[] line3 = bytes(0xF0, 0x9F, 0x98, 0x80);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(line1);
        in.write('\n');
        in.write(line2);
        in.write(new byte[] {'\r', '\n'});
        in.write(line3);
        in.write('\n');

        feed(in.toByteArray());

        assertEquals(3, sink.frames.size());
        assertArrayEquals(line1, sink.frames.get(0));
        assertArrayEquals(line2, sink.frames.get(1));
        assertArrayEquals(line3, sink.frames.get(2));
    }

    @Test
    public void sinkThatDoesNotConsumeTheFrameStillGetsEveryLine() throws Exception {
        List<Integer> lengths = new ArrayList<>();

        decoder.decode(kind.wrap("abc\nde\n".getBytes(UTF_8)), frame -> {
            lengths.add(frame.remaining());
            return true;
        });

        assertEquals(List.of(3, 2), lengths);
    }

    @Test
    public void sinkExceptionPropagatesUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");

        Exception thrown = assertThrows(Exception.class,
                () -> decoder.decode(kind.wrap("a\n".getBytes(UTF_8)), frame -> {
                    throw boom;
                }));

        assertSame(boom, thrown);
    }

    // --- helpers ---

    private void feed(String s) throws Exception {
        feed(s.getBytes(UTF_8));
    }

    private void feed(byte[] data) throws Exception {
        feed(decoder, data);
    }

    private void feed(LineDecoder d, byte[] data) throws Exception {
        ByteBuffer in = kind.wrap(data);
        d.decode(in, sink);
        assertEquals("decode must consume all of its input", in.limit(), in.position());
    }

    private void feedByteByByte(LineDecoder d, byte[] data) throws Exception {
        for (byte b : data) {
            feed(d, new byte[] {b});
        }
    }

    private void assertRefused(String s) {
        assertRefused(s.getBytes(UTF_8));
    }

    private void assertRefused(byte[] data) {
        assertThrows(FrameException.class, () -> decoder.decode(kind.wrap(data), sink));
    }

    /** The sequence is refused inside a line, in one read and fed byte by byte. */
    private void assertInvalidUtf8(int... seq) {
        byte[] line = concat(bytes('a'), bytes(seq), bytes('\n'));
        assertRefused(line);

        LineDecoder fresh = new LineDecoder(MAX);
        assertThrows(FrameException.class, () -> feedByteByByte(fresh, line));
        assertEquals("no frame may reach the sink", List.of(), sink.strings());
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }
}
