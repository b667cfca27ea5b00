package dev.patchbay.audit.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The end of an audit file, read backwards so that a restart does not read a whole file: the
 * hash of its last sealed line, and whether the file ends in a line cut short.
 */
record LastLine(String hash, boolean partial) {

    private static final int CHUNK = 8192;

    static LastLine of(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new LastLine(null, false);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            if (end == 0) {
                return new LastLine(null, false);
            }
            boolean partial = byteAt(ch, end - 1) != '\n';
            // Walk back over lines until one is sealed (a cut-short tail is not).
            long lineEnd = partial ? end : end - 1;
            while (lineEnd > 0) {
                long lineStart = previousNewline(ch, lineEnd) + 1;
                String line = read(ch, lineStart, lineEnd);
                HashChain.Parsed parsed = HashChain.parse(line);
                if (parsed != null) {
                    return new LastLine(parsed.hash(), partial);
                }
                lineEnd = lineStart - 1;
            }
            return new LastLine(null, partial);
        }
    }

    private static byte byteAt(FileChannel ch, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, position);
        return one.get(0);
    }

    /** The position of the last '\n' before {@code before}, or -1. */
    private static long previousNewline(FileChannel ch, long before) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long pos = before;
        while (pos > 0) {
            int n = (int) Math.min(CHUNK, pos);
            buffer.clear().limit(n);
            long from = pos - n;
            while (buffer.hasRemaining()) {
                if (ch.read(buffer, from + buffer.position()) < 0) {
                    break;
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return from + i;
                }
            }
            pos = from;
        }
        return -1;
    }

    private static String read(FileChannel ch, long from, long to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(to - from, 1 << 20));
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long pos = from;
        while (pos < to) {
            buffer.clear().limit((int) Math.min(CHUNK, to - pos));
            int n = ch.read(buffer, pos);
            if (n <= 0) {
                break;
            }
            out.write(buffer.array(), 0, n);
            pos += n;
        }
        return out.toString(UTF_8);
    }
}
