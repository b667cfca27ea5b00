package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.patchbay.api.codec.FrameDecoder;
import dev.patchbay.api.codec.FrameSink;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The codec bundle's per-message work, one frame per operation: decoding one complete frame
 * from a read buffer into a sink, and encoding one reply frame into an output buffer. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per frame.
 *
 * <p>Lives in the codec's package because its classes are package-private. The buffers are
 * heap buffers, as MINA's default allocator hands out; {@code size} is the encoded frame size
 * (the line including its {@code \n}, or the 4-byte header plus payload).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

    @Param({"64", "1024"})
    int size;

    private final LineCodec line = new LineCodec();
    private final LengthPrefixedCodec lengthPrefixed = new LengthPrefixedCodec();
    private FrameDecoder lineDecoder;
    private FrameDecoder lengthDecoder;
    private ByteBuffer lineIn;
    private ByteBuffer lengthIn;
    private ByteBuffer payload;
    private ByteBuffer out;
    private Blackhole bh;
    private FrameSink sink;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        bh = blackhole;
        sink = frame -> {
            bh.consume(frame.remaining());
            return true;
        };
        byte[] text = new byte[size - 1];
        Arrays.fill(text, (byte) 'a');
        byte[] digits = "0123456789".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, text, 0, Math.min(digits.length, text.length));
        lineIn = ByteBuffer.allocate(size);
        lineIn.put(text).put((byte) '\n').flip();
        int payloadLength = size - LengthPrefixedCodec.HEADER;
        lengthIn = ByteBuffer.allocate(size);
        lengthIn.putInt(payloadLength).put(text, 0, payloadLength).flip();
        payload = ByteBuffer.wrap(text);
        out = ByteBuffer.allocate(size + 16);
        lineDecoder = line.newDecoder(8192);
        lengthDecoder = lengthPrefixed.newDecoder(65536);
    }

    @Benchmark
    public void lineDecode() throws Exception {
        lineIn.position(0);
        lineDecoder.decode(lineIn, sink);
    }

    /** One line arriving in two reads: the first half is kept in the partial-frame buffer. */
    @Benchmark
    public void lineDecodeSplit() throws Exception {
        int half = size / 2;
        lineIn.limit(half).position(0);
        lineDecoder.decode(lineIn, sink);
        lineIn.limit(size).position(half);
        lineDecoder.decode(lineIn, sink);
    }

    @Benchmark
    public int lineEncode() throws Exception {
        payload.position(0);
        out.clear();
        line.encode(payload, out);
        return out.position();
    }

    @Benchmark
    public void lengthPrefixedDecode() throws Exception {
        lengthIn.position(0);
        lengthDecoder.decode(lengthIn, sink);
    }

    @Benchmark
    public int lengthPrefixedEncode() throws Exception {
        payload.position(0).limit(size - LengthPrefixedCodec.HEADER);
        out.clear();
        lengthPrefixed.encode(payload, out);
        payload.limit(payload.capacity());
        return out.position();
    }
}
