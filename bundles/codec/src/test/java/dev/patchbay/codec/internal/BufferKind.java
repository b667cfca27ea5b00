package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The kinds of input buffer a decoder must handle. Array-backed kinds surround the data with
 * {@code '\n'} bytes, so a decoder that ignores {@code position()}, {@code limit()} or
 * {@code arrayOffset()} sees stray line ends.
 */
enum BufferKind {

    /** Heap buffer whose data starts at a non-zero position. */
    HEAP {
        @Override
        ByteBuffer wrap(byte[] data) {
            byte[] a = padded(data);
            return ByteBuffer.wrap(a, PAD, data.length);
        }
    },

    /** Direct buffer: no backing array. */
    DIRECT {
        @Override
        ByteBuffer wrap(byte[] data) {
            ByteBuffer b = ByteBuffer.allocateDirect(data.length);
            b.put(data).flip();
            return b;
        }
    },

    /** Slice of a heap buffer: position 0 but a non-zero {@code arrayOffset()}. */
    SLICE {
        @Override
        ByteBuffer wrap(byte[] data) {
            ByteBuffer b = ByteBuffer.wrap(padded(data), PAD, data.length).slice();
            if (b.arrayOffset() != PAD) {
                throw new AssertionError("expected a slice with arrayOffset " + PAD);
            }
            return b;
        }
    },

    /** Read-only heap buffer: {@code hasArray()} is false. */
    READ_ONLY {
        @Override
        ByteBuffer wrap(byte[] data) {
            return HEAP.wrap(data).asReadOnlyBuffer();
        }
    };

    private static final int PAD = 5;

    abstract ByteBuffer wrap(byte[] data);

    private static byte[] padded(byte[] data) {
        byte[] a = new byte[data.length + 2 * PAD];
        Arrays.fill(a, 0, PAD, (byte) '\n');
        Arrays.fill(a, PAD + data.length, a.length, (byte) '\n');
        System.arraycopy(data, 0, a, PAD, data.length);
        return a;
    }
}
