package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;

/**
 * Checks that bytes are well-formed UTF-8 without decoding them into characters: ASCII, the
 * common case, costs one comparison per byte.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Whether the bytes of {@code buf} from {@code from} to {@code to} are well-formed UTF-8. */
    static boolean isValid(ByteBuffer buf, int from, int to) {
        int i = from;
        while (i < to) {
            int b = buf.get(i);
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int extra;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                extra = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                extra = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                extra = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + extra >= to) {
                return false;
            }
            int cp = b & (0x3F >> extra);
            for (int k = 1; k <= extra; k++) {
                int c = buf.get(i + k) & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }
}
