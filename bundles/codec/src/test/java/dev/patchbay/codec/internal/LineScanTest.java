package dev.patchbay.codec.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.patchbay.api.codec.FrameException;

import org.junit.Test;

/**
 * The line decoder reads eight bytes at a time to find line ends and non-ASCII bytes in one pass:
 * random input, with line ends, multi-byte characters and invalid bytes at every offset within
 * and across those eight-byte words, must give exactly the lines (or the refusal) that a plain
 * byte-by-byte reading gives.
 */
public class LineScanTest {

    private static final int MAX = 64;
    private static final byte[][] PIECES = {
        "a".getBytes(UTF_8), "\r".getBytes(UTF_8), "é".getBytes(UTF_8), "€".getBytes(UTF_8),
        "😀".getBytes(UTF_8), {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
    };

    @Test
    public void randomInputDecodesAsByteByByteReadingSaysItShould() throws Exception {
        Random random = new Random(20261129);
        for (int round = 0; round < 20_000; round++) {
            byte[] input = randomInput(random);
            for (BufferKind kind : BufferKind.values()) {
                int split = random.nextInt(input.length + 1);
                assertDecodesAsExpected(kind, input, split);
            }
        }
    }

    private static byte[] randomInput(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 1 + random.nextInt(4);
        boolean invalid = random.nextInt(10) == 0;
        for (int l = 0; l < lines; l++) {
            int ascii = random.nextInt(40);
            for (int i = 0; i < ascii; i++) {
                out.write('a' + random.nextInt(26));
            }
            if (random.nextInt(3) == 0) {
                byte[] p = PIECES[random.nextInt(invalid ? PIECES.length : 5)];
                out.write(p, 0, p.length);
                for (int i = random.nextInt(12); i > 0; i--) {
                    out.write('0' + random.nextInt(10));
                }
            }
            out.write('\n');
        }
        for (int i = random.nextInt(10); i > 0; i--) {
            out.write('z');
        }
        return out.toByteArray();
    }

    private static void assertDecodesAsExpected(BufferKind kind, byte[] input, int split) throws Exception {
        List<byte[]> expected = new ArrayList<>();
        boolean refused = expectedLines(input, expected);
        LineDecoder decoder = new LineDecoder(MAX);
        CollectingSink sink = new CollectingSink();
        boolean threw = false;
        try {
            byte[] first = java.util.Arrays.copyOfRange(input, 0, split);
            byte[] second = java.util.Arrays.copyOfRange(input, split, input.length);
            decoder.decode(kind.wrap(first), sink);
            decoder.decode(kind.wrap(second), sink);
        } catch (FrameException e) {
            threw = true;
        }
        String what = kind + " " + new String(input, UTF_8).replace("\n", "\\n") + " split at " + split;
        assertEquals(what, refused, threw);
        assertEquals(what, expected.size(), sink.frames.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(what, expected.get(i), sink.frames.get(i));
        }
    }

    /** The lines a byte-by-byte reading delivers before the first invalid one; whether one was invalid. */
    private static boolean expectedLines(byte[] input, List<byte[]> lines) {
        int start = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] != '\n') {
                continue;
            }
            int end = i > start && input[i - 1] == '\r' ? i - 1 : i;
            byte[] line = java.util.Arrays.copyOfRange(input, start, end);
            if (line.length > MAX || !isUtf8(line)) {
                return true;
            }
            lines.add(line);
            start = i + 1;
        }
        return input.length - start > MAX;
    }

    private static boolean isUtf8(byte[] line) {
        try {
            UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
