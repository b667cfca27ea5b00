package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.patchbay.testkit.Exchange;
import dev.patchbay.testkit.VerifiedLoad;

/**
 * The key-value example protocol ({@code examples/handler-kv}) as an {@link Exchange} of the
 * test kit's {@link VerifiedLoad}: each connection sends a mix of PUT, GET, DELETE and STAT over
 * {@value #KEYS} keys and checks every reply against its own model of what its session holds:
 * the request id (a lost, duplicated or reordered reply is wrong), the status, the revision, the
 * value, and for STAT the keys, value bytes and request count, which cover the whole state.
 * STAT also reports the state shape of the handler version serving the session; each
 * connection records the shapes it saw, in order.
 */
final class KvExchange implements Exchange {

    /** Keys each connection cycles through, so that every key is read back again and again. */
    private static final int KEYS = 16;

    private static final byte PUT = 1, GET = 2, DELETE = 3, STAT = 4;
    private static final byte OK = 0, NOT_FOUND = 1;

    private final List<KvConversation> conversations = new ArrayList<>();

    @Override
    public synchronized Conversation open(int connection) {
        KvConversation c = new KvConversation(connection);
        conversations.add(c);
        return c;
    }

    /** Connections whose last STAT reply showed state shape {@code shape}. */
    synchronized int connectionsReporting(int shape) {
        int n = 0;
        for (KvConversation c : conversations) {
            if (c.lastShape == shape) {
                n++;
            }
        }
        return n;
    }

    /** Per connection, the state shapes its STAT replies showed, each change once. */
    synchronized List<List<Integer>> shapesSeen() {
        List<List<Integer>> all = new ArrayList<>();
        for (KvConversation c : conversations) {
            synchronized (c.shapes) {
                all.add(List.copyOf(c.shapes));
            }
        }
        return all;
    }

    /** What a reply must be. */
    private record Expected(int id, byte op, byte status, long revision, byte[] value, int keys, long bytes) {
    }

    private static final class KvConversation implements Conversation {

        private final int connection;
        /** The session's content as this client put it. */
        private final Map<String, byte[]> values = new HashMap<>();
        private final Map<String, Long> revisions = new HashMap<>();
        private long valueBytes;
        /** Requests sent and not yet answered, in order. */
        private final Deque<Expected> inFlight = new ArrayDeque<>();
        private final List<Integer> shapes = new ArrayList<>();
        private volatile int lastShape;

        KvConversation(int connection) {
            this.connection = connection;
        }

        /** Request {@code seq} has id {@code seq + 1}, so STAT's request count must equal its id. */
        @Override
        public byte[] request(long seq) {
            int id = (int) seq + 1;
            String key = "k" + ((id * 7) % KEYS);
            switch (id % 8) {
                case 0:
                    return request(id, STAT, null, null);
                case 4:
                case 6:
                    return request(id, GET, key, null);
                case 7:
                    return request(id, DELETE, key, null);
                default:
                    byte[] value = new byte[8 + (id % 50)];
                    byte[] unique = ("c" + connection + "-" + id + ";").getBytes(UTF_8);
                    for (int i = 0; i < value.length; i++) {
                        value[i] = unique[i % unique.length];
                    }
                    return request(id, PUT, key, value);
            }
        }

        /** The request's payload; applies it to the model and remembers the reply it must get. */
        private byte[] request(int id, byte op, String key, byte[] value) {
            byte[] k = key == null ? new byte[0] : key.getBytes(UTF_8);
            ByteBuffer b = ByteBuffer.allocate(5 + (key == null ? 0 : 2 + k.length) + (value == null ? 0 : value.length));
            b.put(op).putInt(id);
            if (key != null) {
                b.putShort((short) k.length).put(k);
            }
            if (value != null) {
                b.put(value);
            }
            inFlight.add(expect(id, op, key, value));
            return b.array();
        }

        private Expected expect(int id, byte op, String key, byte[] value) {
            switch (op) {
                case PUT: {
                    long revision = revisions.getOrDefault(key, 0L) + 1;
                    byte[] old = values.put(key, value);
                    revisions.put(key, revision);
                    valueBytes += value.length - (old == null ? 0 : old.length);
                    return new Expected(id, op, OK, revision, null, 0, 0);
                }
                case GET: {
                    byte[] v = values.get(key);
                    return v == null ? new Expected(id, op, NOT_FOUND, 0, null, 0, 0)
                            : new Expected(id, op, OK, revisions.get(key), v, 0, 0);
                }
                case DELETE: {
                    byte[] old = values.remove(key);
                    revisions.remove(key);
                    if (old == null) {
                        return new Expected(id, op, NOT_FOUND, 0, null, 0, 0);
                    }
                    valueBytes -= old.length;
                    return new Expected(id, op, OK, 0, null, 0, 0);
                }
                default:
                    return new Expected(id, op, OK, 0, null, values.size(), valueBytes);
            }
        }

        @Override
        public String check(long seq, byte[] frame) {
            Expected e = inFlight.poll();
            if (e == null || e.id() != seq + 1) {
                return "request " + (seq + 1) + ": the load asked to check a reply it did not send";
            }
            String what = "request " + e.id() + " (op " + e.op() + ")";
            if (frame.length < 5) {
                return what + ": reply of " + frame.length + " bytes";
            }
            ByteBuffer reply = ByteBuffer.wrap(frame);
            byte status = reply.get();
            int id = reply.getInt();
            if (id != e.id()) {
                return what + ": got the reply to request " + id + " (lost, duplicated or reordered)";
            }
            if (status != e.status()) {
                return what + ": status " + status + ", expected " + e.status()
                        + (status == 2 ? " (" + UTF_8.decode(reply) + ")" : "");
            }
            if (e.op() == PUT || (e.op() == GET && status == OK)) {
                long revision = reply.getLong();
                if (revision != e.revision()) {
                    return what + ": revision " + revision + ", expected " + e.revision();
                }
            }
            if (e.op() == GET && status == OK) {
                byte[] value = Arrays.copyOfRange(frame, reply.position(), frame.length);
                if (!Arrays.equals(value, e.value())) {
                    return what + ": value '" + new String(value, UTF_8) + "', expected '" + new String(e.value(), UTF_8) + "'";
                }
            }
            if (e.op() == STAT) {
                int shape = reply.get();
                int keys = reply.getInt();
                long bytes = reply.getLong();
                long requests = reply.getLong();
                if (keys != e.keys() || bytes != e.bytes() || requests != e.id()) {
                    return what + ": STAT (shape " + shape + ") keys " + keys + ", value bytes " + bytes + ", requests "
                            + requests + "; expected keys " + e.keys() + ", value bytes " + e.bytes() + ", requests " + e.id();
                }
                if (shape != lastShape) {
                    synchronized (shapes) {
                        shapes.add(shape);
                    }
                    lastShape = shape;
                }
            }
            return null;
        }
    }
}
