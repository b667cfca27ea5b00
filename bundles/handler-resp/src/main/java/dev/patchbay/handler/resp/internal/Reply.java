package dev.patchbay.handler.resp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RESP2 replies written into one reusable buffer per I/O thread: writing a reply allocates
 * nothing (numbers are written digit by digit, strings of ISO-8859-1 keys char by char).
 */
final class Reply {

    /** A buffer grown past this by a large reply is given back after it was sent. */
    private static final int KEEP = 1 << 16;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private ByteBuffer view;
    private int pos;

    Reply() {
        this(4096);
    }

    Reply(int capacity) {
        buf = new byte[capacity];
        view = ByteBuffer.wrap(buf);
    }

    int position() {
        return pos;
    }

    /** Drops what was written after {@code mark} (a failed command's partial reply). */
    void rewind(int mark) {
        pos = mark;
    }

    boolean isEmpty() {
        return pos == 0;
    }

    /** The bytes written so far, as a buffer valid until the next write; then starts over. */
    ByteBuffer drain() {
        ByteBuffer b = view;
        b.clear().limit(pos);
        pos = 0;
        return b;
    }

    /** Called after {@link #drain()}'s buffer was sent: gives back a buffer a large reply grew. */
    void trim() {
        if (buf.length > KEEP) {
            buf = new byte[4096];
            view = ByteBuffer.wrap(buf);
        }
    }

    byte[] copy() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            view = ByteBuffer.wrap(buf);
        }
    }

    private void put(byte b) {
        buf[pos++] = b;
    }

    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    void ok() {
        raw(OK);
    }

    /** {@code +text\r\n}; text is ASCII without line breaks. */
    void simple(String text) {
        ensure(text.length() + 3);
        put((byte) '+');
        latin1(text);
        put((byte) '\r');
        put((byte) '\n');
    }

    /** {@code -text\r\n}, the text made one line. */
    void error(String text) {
        ensure(text.length() + 3);
        put((byte) '-');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            put(ch == '\r' || ch == '\n' ? (byte) ' ' : (byte) ch);
        }
        put((byte) '\r');
        put((byte) '\n');
    }

    void integer(long n) {
        prefixed((byte) ':', n);
    }

    void arrayHeader(long n) {
        prefixed((byte) '*', n);
    }

    void nullBulk() {
        raw(NULL_BULK);
    }

    void nullArray() {
        raw(NULL_ARRAY);
    }

    void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    void bulk(byte[] value, int off, int len) {
        prefixed((byte) '$', len);
        ensure(len + 2);
        System.arraycopy(value, off, buf, pos, len);
        pos += len;
        put((byte) '\r');
        put((byte) '\n');
    }

    /** A bulk string of an ISO-8859-1 string's bytes (keys, fields, members). */
    void bulk(String latin1) {
        prefixed((byte) '$', latin1.length());
        ensure(latin1.length() + 2);
        latin1(latin1);
        put((byte) '\r');
        put((byte) '\n');
    }

    /** A bulk string of arbitrary text, UTF-8 encoded (INFO, CLIENT LIST). */
    void bulkText(String text) {
        bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    void bulkOrNull(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            bulk(value);
        }
    }

    /** A bulk string of a number's decimal digits. */
    void bulkNumber(long n) {
        int len = n == Long.MIN_VALUE ? LONG_MIN.length : digits(n);
        prefixed((byte) '$', len);
        number(n);
        raw(CRLF);
    }

    private void latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void prefixed(byte type, long n) {
        ensure(24);
        put(type);
        number(n);
        put((byte) '\r');
        put((byte) '\n');
    }

    private void number(long n) {
        if (n == Long.MIN_VALUE) {
            raw(LONG_MIN);
            return;
        }
        ensure(20);
        if (n < 0) {
            put((byte) '-');
            n = -n;
        }
        int len = digits(n);
        int end = pos + len;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        pos = end;
    }

    private static int digits(long n) {
        int d = n < 0 ? 2 : 1;
        long v = Math.abs(n);
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }
}
