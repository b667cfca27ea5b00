package dev.patchbay.codec.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.patchbay.api.codec.FrameSink;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The RESP decoder against the frame contract {@code [argc]([len][bytes])*} and Redis's error
 * texts. Every case runs with heap, direct, sliced and read-only input buffers.
 */
@RunWith(Parameterized.class)
public class RespDecoderTest {

    private static final int MAX_BULK = 64;

    @Parameters(name = "{0}")
    public static Object[] kinds() {
        return BufferKind.values();
    }

    @Parameter
    public BufferKind kind;

    /** Multibulk and inline requests, binary values included, as a client pipelines them. */
    private static final byte[] PIPELINE = concat(
            command("SET", "key", "v\r\n\0\u00ff"),
            "PING\r\n".getBytes(ISO_8859_1),
            command("GET", "key"),
            "set \"a b\" 'c d' \"\\x41\\n\"\n".getBytes(ISO_8859_1),
            "*0\r\n".getBytes(ISO_8859_1),
            "\r\n".getBytes(ISO_8859_1),
            command("ECHO", ""),
            "*-1\r\n".getBytes(ISO_8859_1),
            command("MSET", "k1", "x".repeat(MAX_BULK), "k2", "y"));

    private static final List<List<String>> PIPELINE_REQUESTS = List.of(
            List.of("SET", "key", "v\r\n\0\u00ff"),
            List.of("PING"),
            List.of("GET", "key"),
            List.of("set", "a b", "c d", "A\n"),
            List.of("ECHO", ""),
            List.of("MSET", "k1", "x".repeat(MAX_BULK), "k2", "y"));

    @Test
    public void pipelinedRequestsInOneRead() throws Exception {
        Requests r = decode(PIPELINE);

        assertEquals(PIPELINE_REQUESTS, r.requests);
    }

    @Test
    public void splitAtEveryByteBoundary() throws Exception {
        for (int cut = 1; cut < PIPELINE.length; cut++) {
            Requests r = decode(PIPELINE, cut);
            assertEquals("cut at " + cut, PIPELINE_REQUESTS, r.requests);
            assertEquals("cut at " + cut, 0, r.decoder.pendingBytes());
        }
    }

    @Test
    public void randomSplitsIntoManyPieces() throws Exception {
        Random random = new Random(14);
        for (int round = 0; round < 300; round++) {
            int pieces = 1 + random.nextInt(12);
            int[] cuts = random.ints(pieces, 1, PIPELINE.length).sorted().distinct().toArray();
            Requests r = decode(PIPELINE, cuts);
            assertEquals("cuts " + java.util.Arrays.toString(cuts), PIPELINE_REQUESTS, r.requests);
        }
    }

    @Test
    public void oneByteAtATime() throws Exception {
        int[] cuts = new int[PIPELINE.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertEquals(PIPELINE_REQUESTS, decode(PIPELINE, cuts).requests);
    }

    @Test
    public void pendingBytesWhileARequestIsIncomplete() throws Exception {
        byte[] set = command("SET", "key", "value");
        Requests r = decode(java.util.Arrays.copyOf(set, set.length - 3));
        assertTrue(r.decoder.pendingBytes() > 0);
        r.feed(java.util.Arrays.copyOfRange(set, set.length - 3, set.length));
        assertEquals(List.of(List.of("SET", "key", "value")), r.requests);
        assertEquals(0, r.decoder.pendingBytes());
    }

    @Test
    public void stopsAfterTheRequestWhenTheSinkSaysSo() throws Exception {
        RespDecoder decoder = newDecoder();
        List<List<String>> seen = new ArrayList<>();
        ByteBuffer in = kind.wrap(concat(command("A"), "B\r\n".getBytes(ISO_8859_1), command("C")));
        int start = in.position();
        decoder.decode(in, f -> {
            seen.add(args(f));
            return false;
        });
        assertEquals(List.of(List.of("A")), seen);
        assertEquals(command("A").length, in.position() - start);
        decoder.decode(in, f -> {
            seen.add(args(f));
            return false;
        });
        assertEquals(List.of(List.of("A"), List.of("B")), seen);
        assertEquals(command("A").length + 3, in.position() - start);
    }

    @Test
    public void inlineQuotingLikeRedis() throws Exception {
        assertEquals(List.of(List.of("set", "foobar baz", "x")), decode("set foo\"bar baz\" x\r\n").requests);
        assertEquals(List.of(List.of("echo", "it's", "a\\b")), decode("echo 'it\\'s' 'a\\b'\r\n").requests);
        assertEquals(List.of(List.of("echo", "\t\r\u0007\bq")), decode("echo \"\\t\\r\\a\\b\\q\"\n").requests);
        // Not two hex digits: a backslash before any other character stands for that character.
        assertEquals(List.of(List.of("echo", "x4")), decode("echo \"\\x4\"\n").requests);
        assertEquals(List.of(List.of("a", "b")), decode("  a \t b  \r\n").requests);
        assertEquals(List.of(List.of("a")), decode("a\0 ignored after NUL\r\n").requests);
    }

    @Test
    public void protocolErrorsWithRedisTexts() throws Exception {
        assertError("*abc\r\n", "Protocol error: invalid multibulk length");
        assertError("*1048577\r\n", "Protocol error: invalid multibulk length");
        assertError("*01\r\n", "Protocol error: invalid multibulk length");
        assertError("*1\r\n$-1\r\n", "Protocol error: invalid bulk length");
        assertError("*1\r\n$+1\r\n", "Protocol error: invalid bulk length");
        assertError("*1\r\n$" + (MAX_BULK + 1) + "\r\n", "Protocol error: invalid bulk length");
        assertError("*1\r\n:3\r\n", "Protocol error: expected '$', got ':'");
        assertError("*2\r\n$1\r\na\r\n\r\n", "Protocol error: expected '$', got ' '");
        // Like Redis, the two bytes after a bulk are skipped unchecked: "b\r" here, then "\n$1" is no header.
        assertError("*2\r\n$1\r\nab\r\n$1\r\nc\r\n", "Protocol error: expected '$', got ' '");
        assertError("set \"a b\r\n", "Protocol error: unbalanced quotes in request");
        assertError("set \"a\"b\r\n", "Protocol error: unbalanced quotes in request");
        assertError("set 'a\r\n", "Protocol error: unbalanced quotes in request");
        assertError("x".repeat(RespDecoder.MAX_INLINE + 1), "Protocol error: too big inline request");
        assertError("*" + "1".repeat(RespDecoder.MAX_INLINE + 1), "Protocol error: too big mbulk count string");
        assertError("*1\r\n$" + "1".repeat(RespDecoder.MAX_INLINE + 1), "Protocol error: too big bulk count string");
    }

    @Test
    public void requestLargerThanTheLimitIsRefused() throws Exception {
        RespDecoder decoder = new RespDecoder(MAX_BULK, 100);
        Requests r = new Requests(decoder);
        r.feed(command("MSET", "a", "x".repeat(MAX_BULK), "b", "y".repeat(MAX_BULK)));
        assertEquals(List.of("Protocol error: request larger than 100 bytes"), r.errors);
        assertEquals(List.of(), r.requests);
    }

    @Test
    public void nothingIsReadAfterAProtocolError() throws Exception {
        Requests r = decode(concat(command("PING"), "*x\r\n".getBytes(ISO_8859_1), command("GET", "a")));
        r.feed(command("GET", "b"));
        assertEquals(List.of(List.of("PING")), r.requests);
        assertEquals(List.of("Protocol error: invalid multibulk length"), r.errors);
        assertEquals(0, r.decoder.pendingBytes());
    }

    @Test
    public void protocolErrorFrameLayout() throws Exception {
        List<ByteBuffer> frames = new ArrayList<>();
        newDecoder().decode(kind.wrap("*x\r\n".getBytes(ISO_8859_1)), f -> {
            frames.add(ByteBuffer.allocate(f.remaining()).put(f).flip());
            return true;
        });
        ByteBuffer f = frames.get(0);
        assertEquals(-1, f.getInt());
        int length = f.getInt();
        assertEquals(length, f.remaining());
        byte[] text = new byte[length];
        f.get(text);
        assertEquals("Protocol error: invalid multibulk length", new String(text, StandardCharsets.UTF_8));
    }

    @Test
    public void requestPathAllocatesNothing() throws Exception {
        if (kind != BufferKind.HEAP) {
            return;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RespDecoder decoder = newDecoder();
        ByteBuffer in = ByteBuffer.wrap(concat(command("SET", "key:000001", "xxx"), command("GET", "key:000001"), "PING\r\n".getBytes(ISO_8859_1)));
        int[] argc = new int[1];
        FrameSink sink = f -> {
            argc[0] += f.getInt(0);
            return true;
        };
        for (int i = 0; i < 20_000; i++) {
            decoder.decode(in.clear(), sink);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 10_000; i++) {
            decoder.decode(in.clear(), sink);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue("allocated " + allocated + " bytes for 30000 requests", allocated < 4096);
    }

    // --- helpers ------------------------------------------------------------------------------

    private void assertError(String input, String text) throws Exception {
        Requests r = decode(input.getBytes(ISO_8859_1));
        assertEquals(input.length() > 40 ? input.substring(0, 40) : input, List.of(text), r.errors);
        assertEquals(List.of(), r.requests);
        // The same bytes split in two give the same error.
        Requests split = decode(input.getBytes(ISO_8859_1), input.length() / 2);
        assertEquals(List.of(text), split.errors);
    }

    private RespDecoder newDecoder() {
        return new RespDecoder(MAX_BULK, RespCodec.requestLimit(MAX_BULK));
    }

    private Requests decode(String input) throws Exception {
        return decode(input.getBytes(ISO_8859_1));
    }

    /** Feeds {@code input} cut at the given offsets. */
    private Requests decode(byte[] input, int... cuts) throws Exception {
        Requests r = new Requests(newDecoder());
        int from = 0;
        for (int cut : cuts) {
            r.feed(java.util.Arrays.copyOfRange(input, from, cut));
            from = cut;
        }
        r.feed(java.util.Arrays.copyOfRange(input, from, input.length));
        return r;
    }

    private final class Requests implements FrameSink {
        final RespDecoder decoder;
        final List<List<String>> requests = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        Requests(RespDecoder decoder) {
            this.decoder = decoder;
        }

        void feed(byte[] bytes) throws Exception {
            ByteBuffer in = kind.wrap(bytes);
            decoder.decode(in, this);
            assertTrue("decoder must consume all input", !in.hasRemaining());
        }

        @Override
        public boolean frame(ByteBuffer frame) {
            if (frame.getInt(frame.position()) == RespFrame.PROTOCOL_ERROR) {
                ByteBuffer f = frame.duplicate();
                f.getInt();
                byte[] text = new byte[f.getInt()];
                f.get(text);
                errors.add(new String(text, StandardCharsets.UTF_8));
            } else {
                requests.add(args(frame));
            }
            return true;
        }
    }

    /** The arguments of a request frame, as ISO-8859-1 strings (one char per byte). */
    static List<String> args(ByteBuffer frame) {
        ByteBuffer f = frame.duplicate();
        int argc = f.getInt();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < argc; i++) {
            byte[] a = new byte[f.getInt()];
            f.get(a);
            args.add(new String(a, ISO_8859_1));
        }
        assertEquals("frame fully used", 0, f.remaining());
        return args;
    }

    /** A multibulk request, as a client library sends it. */
    static byte[] command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(ISO_8859_1));
        for (String a : args) {
            byte[] b = a.getBytes(ISO_8859_1);
            out.writeBytes(("$" + b.length + "\r\n").getBytes(ISO_8859_1));
            out.writeBytes(b);
            out.writeBytes("\r\n".getBytes(ISO_8859_1));
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
