package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.patchbay.api.codec.FrameSink;

/**
 * Copies every frame out during the sink call (the decoder's buffer is only valid then) and
 * asks the decoder to stop once {@link #stopAfter} frames have been received in total.
 */
final class CollectingSink implements FrameSink {

    final List<byte[]> frames = new ArrayList<>();
    private final int stopAfter;

    CollectingSink() {
        this(Integer.MAX_VALUE);
    }

    CollectingSink(int stopAfter) {
        this.stopAfter = stopAfter;
    }

    @Override
    public boolean frame(ByteBuffer frame) {
        byte[] copy = new byte[frame.remaining()];
        frame.get(copy);
        frames.add(copy);
        return frames.size() < stopAfter;
    }

    List<String> strings() {
        List<String> out = new ArrayList<>();
        for (byte[] f : frames) {
            out.add(new String(f, StandardCharsets.UTF_8));
        }
        return out;
    }
}
