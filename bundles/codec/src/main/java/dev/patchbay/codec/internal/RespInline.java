package dev.patchbay.codec.internal;

/**
 * Splits an inline command line ({@code set a "b c"} typed into a terminal) into arguments with
 * the quoting rules of Redis's {@code sdssplitargs}: double quotes with {@code \xHH},
 * {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \a} and {@code \<any>} escapes, single
 * quotes with only {@code \'}, a quoted part glued to the characters before it, and a closing
 * quote that must be followed by white space or the end of the line.
 */
final class RespInline {

    private RespInline() {
    }

    /**
     * Appends the arguments of {@code line[0..length)} to {@code frame}.
     *
     * @return {@code false} on unbalanced quotes (the frame then holds garbage)
     */
    static boolean split(byte[] line, int length, RespFrame frame) {
        int end = 0;
        // Redis parses the line as a C string: a NUL ends it.
        while (end < length && line[end] != 0) {
            end++;
        }
        int p = 0;
        while (true) {
            while (p < end && isSpace(line[p])) {
                p++;
            }
            if (p == end) {
                return true;
            }
            int lengthAt = frame.beginInlineArgument();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                byte c = p < end ? line[p] : 0;
                if (inDouble) {
                    if (c == '\\' && at(line, end, p + 1) == 'x'
                            && hex(at(line, end, p + 2)) >= 0 && hex(at(line, end, p + 3)) >= 0) {
                        frame.appendGrowing((byte) (hex(line[p + 2]) << 4 | hex(line[p + 3])));
                        p += 3;
                    } else if (c == '\\' && p + 1 < end) {
                        p++;
                        frame.appendGrowing(unescape(line[p]));
                    } else if (c == '"') {
                        if (p + 1 < end && !isSpace(line[p + 1])) {
                            return false;
                        }
                        done = true;
                    } else if (p >= end) {
                        return false;
                    } else {
                        frame.appendGrowing(c);
                    }
                } else if (inSingle) {
                    if (c == '\\' && at(line, end, p + 1) == '\'') {
                        p++;
                        frame.appendGrowing((byte) '\'');
                    } else if (c == '\'') {
                        if (p + 1 < end && !isSpace(line[p + 1])) {
                            return false;
                        }
                        done = true;
                    } else if (p >= end) {
                        return false;
                    } else {
                        frame.appendGrowing(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> frame.appendGrowing(c);
                    }
                }
                if (p < end) {
                    p++;
                }
            }
            frame.endInlineArgument(lengthAt);
        }
    }

    private static byte at(byte[] line, int end, int i) {
        return i < end ? line[i] : 0;
    }

    private static byte unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        };
    }

    /** C's {@code isspace}. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
