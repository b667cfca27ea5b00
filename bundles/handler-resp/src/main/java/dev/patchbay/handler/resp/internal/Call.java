package dev.patchbay.handler.resp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.Keyspace;

/**
 * One command being served: its arguments, read in place from the request frame (the codec's
 * {@code [argc][len][bytes]...} layout), the session's state and the reply being written. One
 * per I/O thread, reused for every command that thread serves.
 */
final class Call {

    final Reply reply = new Reply();
    final HandlerContext context;
    Session session;
    /** The session's {@link SessionState} array. */
    long[] state;

    private byte[] in = new byte[1024];
    private int[] off = new int[16];
    private int[] len = new int[16];
    private int argc;
    /** Commands served by this thread, for INFO (read racily by other threads, which is fine for a counter). */
    long commands;
    /** Set by EXEC: blocking commands answer at once as if they had timed out. */
    boolean noBlock;
    /** Set by a blocking command that registered a wait instead of replying. */
    boolean blocked;
    /** Keys clients wait for that this call's commands filled: served once the command is done. */
    private int[] readyDb = new int[4];
    private String[] readyKey = new String[4];
    private int ready;
    /** Scratch for the replies of waiting clients served by this call. */
    final Reply aside = new Reply(256);

    Call(HandlerContext context) {
        this.context = context;
    }

    Keyspace keyspace() {
        return context.keyspace();
    }

    /**
     * Reads a request frame; returns its argument count, or -1 for a protocol error whose text
     * is then {@link #protocolError()}. The frame is copied once into this call's buffer, so
     * the arguments stay readable after the transport takes its buffer back (EXEC runs frames
     * queued earlier through the same path).
     */
    int load(ByteBuffer frame) {
        int n = frame.remaining();
        if (n > in.length) {
            in = new byte[Math.max(n, in.length * 2)];
        }
        frame.get(in, 0, n);
        return parse(n);
    }

    int load(byte[] frame) {
        if (frame.length > in.length) {
            in = new byte[Math.max(frame.length, in.length * 2)];
        }
        System.arraycopy(frame, 0, in, 0, frame.length);
        return parse(frame.length);
    }

    private int parse(int n) {
        if (n < 4) {
            throw new IllegalArgumentException("RESP frame shorter than its argument count: " + n + " bytes");
        }
        int count = readInt(0);
        if (count < 0) {
            argc = -1;
            off[0] = 8;
            len[0] = Math.min(readInt(4), n - 8);
            return -1;
        }
        if (count > off.length) {
            off = new int[Math.max(count, off.length * 2)];
            len = new int[off.length];
        }
        int p = 4;
        for (int i = 0; i < count; i++) {
            int l = readInt(p);
            if (l < 0 || p + 4 + l > n) {
                throw new IllegalArgumentException("RESP frame argument " + i + " overruns the frame");
            }
            off[i] = p + 4;
            len[i] = l;
            p += 4 + l;
        }
        argc = count;
        return count;
    }

    private int readInt(int p) {
        return (in[p] & 0xff) << 24 | (in[p + 1] & 0xff) << 16 | (in[p + 2] & 0xff) << 8 | (in[p + 3] & 0xff);
    }

    String protocolError() {
        return new String(in, off[0], len[0], StandardCharsets.UTF_8);
    }

    /** The frame of the current command, as it came: for queueing it in a transaction. */
    byte[] frameCopy() {
        int end = argc == 0 ? 4 : off[argc - 1] + len[argc - 1];
        return Arrays.copyOf(in, end);
    }

    int argc() {
        return argc;
    }

    byte[] input() {
        return in;
    }

    int offset(int i) {
        return off[i];
    }

    int length(int i) {
        return len[i];
    }

    /** Argument {@code i} as an ISO-8859-1 string: a key, field or member. */
    String key(int i) {
        return new String(in, off[i], len[i], StandardCharsets.ISO_8859_1);
    }

    /** Argument {@code i} as text (names, patterns for display). */
    String text(int i) {
        return new String(in, off[i], len[i], StandardCharsets.UTF_8);
    }

    byte[] bytes(int i) {
        return Arrays.copyOfRange(in, off[i], off[i] + len[i]);
    }

    /** Whether argument {@code i} is {@code lower}, ignoring ASCII case; {@code lower} is lower-case ASCII. */
    boolean is(int i, String lower) {
        if (len[i] != lower.length()) {
            return false;
        }
        int o = off[i];
        for (int k = 0; k < len[i]; k++) {
            int b = in[o + k];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Argument {@code i} as a long, as Redis's string2ll reads it, else the "not an integer" error. */
    long longArg(int i) {
        return Numbers.parseLong(in, off[i], len[i], Errors.NOT_INTEGER);
    }

    long longArg(int i, RespError error) {
        return Numbers.parseLong(in, off[i], len[i], error);
    }

    double doubleArg(int i, RespError error) {
        return Numbers.parseDouble(in, off[i], len[i], error);
    }

    /**
     * Notes that {@code key} of database {@code db} now holds a list or sorted set, if a client
     * waits for it. Called holding that database's lock; costs a map look-up when nobody waits.
     */
    void filled(int db, String key) {
        if (!context.blocking.waitsFor(db, key)) {
            return;
        }
        if (ready == readyDb.length) {
            readyDb = Arrays.copyOf(readyDb, ready * 2);
            readyKey = Arrays.copyOf(readyKey, ready * 2);
        }
        readyDb[ready] = db;
        readyKey[ready++] = key;
    }

    void filled(String key) {
        filled((int) state[SessionState.DB], key);
    }

    boolean hasReady() {
        return ready > 0;
    }

    /** Takes the oldest ready key: its database index, the key in {@link #readyKey()}. */
    int nextReadyDb() {
        return readyDb[0];
    }

    String takeReadyKey() {
        String key = readyKey[0];
        ready--;
        System.arraycopy(readyDb, 1, readyDb, 0, ready);
        System.arraycopy(readyKey, 1, readyKey, 0, ready);
        readyKey[ready] = null;
        return key;
    }

    /** The session's selected database. */
    Database db() {
        return context.keyspace().database((int) state[SessionState.DB]);
    }
}
