package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;

/**
 * The {@code resp} codec under a real Redis client (Jedis), through a small handler this test
 * registers: requests reach the handler as one frame each, binary-safe and pipelined; protocol
 * errors are answered with Redis's text and close the session; a handler reads its endpoint's
 * settings; a write from another thread reaches a subscriber, and a subscriber that does not
 * read is closed by the transport at its pending-write limit.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RespIT extends RespTestSupport {

    private static final String HANDLER = "resp-it";

    @Test
    public void jedisCommandsPipeliningAndAuthThroughTheCodec() throws Exception {
        TinyRedis redis = registerHandler(HANDLER, new TinyRedis());
        int port = freePort();
        Map<String, String> endpoint = respEndpoint(port, HANDLER);
        endpoint.put("requirepass", "it-secret");
        // Unset variable with an empty default: the handler sees no value.
        endpoint.put("greeting", "$[env:PATCHBAY_IT_SURELY_UNSET;default=]");
        writeEndpointFile("resp-it", endpoint);
        awaitResp(port);

        Jedis jedis = jedis(port);
        try {
            jedis.ping();
            fail("PING before AUTH must be refused");
        } catch (JedisDataException e) {
            assertEquals("NOAUTH Authentication required.", e.getMessage());
        }
        assertEquals("OK", jedis.auth("it-secret"));
        assertEquals("PONG", jedis.ping());
        byte[] binary = {'a', '\r', '\n', 0, (byte) 0xFF, '$', '*'};
        assertArrayEquals(binary, jedis.echo(binary));
        assertEquals("OK", jedis.set("k", "v"));
        assertEquals("v", jedis.get("k"));
        assertNull(jedis.get("absent"));
        assertEquals(Integer.toString(port), jedis.configGet("port").get("port"));
        assertTrue("an unset $[env:...;default=] is no value", jedis.configGet("greeting").isEmpty());

        // 2000 requests in one go: the codec cuts every one out of reads of many requests.
        try (Pipeline p = jedis.pipelined()) {
            List<Response<String>> sets = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                sets.add(p.set("key:" + i, "value:" + i + ":" + "x".repeat(i)));
            }
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                gets.add(p.get("key:" + i));
            }
            p.sync();
            for (int i = 0; i < 1000; i++) {
                assertEquals("OK", sets.get(i).get());
                assertEquals("value:" + i + ":" + "x".repeat(i), gets.get(i).get());
            }
        }
        assertTrue("no protocol error on a well-formed stream", redis.protocolErrors.isEmpty());
    }

    @Test
    public void protocolErrorIsAnsweredWithRedisTextAndCloses() throws Exception {
        registerHandler(HANDLER, new TinyRedis());
        int port = freePort();
        writeEndpointFile("resp-it", respEndpoint(port, HANDLER));
        awaitResp(port);

        RawResp inline = raw(port);
        // Inline commands as typed into nc, an empty line (ignored), then a multibulk request.
        inline.send("PING\r\necho \"a b\"\r\n\r\n*1\r\n$4\r\nPING\r\n");
        String replies = "+PONG\r\n$3\r\na b\r\n+PONG\r\n";
        assertEquals(replies, inline.read(replies.length()));

        RawResp bad = raw(port);
        bad.send("*1\r\n$4\r\nPING\r\n*x\r\n*1\r\n$4\r\nPING\r\n");
        String expected = "+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n";
        assertEquals(expected, bad.read(expected.length()));
        assertTrue("the session is closed after a protocol error", bad.closedByServer());

        RawResp quotes = raw(port);
        quotes.send("set \"a b\r\n");
        expected = "-ERR Protocol error: unbalanced quotes in request\r\n";
        assertEquals(expected, quotes.read(expected.length()));
        assertTrue(quotes.closedByServer());
    }

    @Test
    public void writesFromAnotherThreadReachSubscribersAndASubscriberThatDoesNotReadIsClosed() throws Exception {
        TinyRedis redis = registerHandler(HANDLER, new TinyRedis());
        int port = freePort();
        Map<String, String> endpoint = respEndpoint(port, HANDLER);
        endpoint.put("max.pending.write.bytes", "65536");
        // Messages of 32 KiB: larger than the default max.frame.size, which bounds an argument.
        endpoint.put("max.frame.size", "1048576");
        endpoint.put("send.buffer.size", "8192");
        writeEndpointFile("resp-it", endpoint);
        awaitResp(port);

        // A Jedis subscriber receives what another client publishes; the handler writes to it
        // from a thread of its own, not the subscriber's I/O thread.
        List<String> received = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + ":" + message);
            }
        };
        Jedis subscriber = jedis(port);
        Thread listening = new Thread(() -> subscriber.subscribe(listener, "news"), "resp-it-subscriber");
        listening.start();
        await("the subscriber is subscribed").until(() -> redis.subscribers.size() == 1);
        Jedis publisher = jedis(port);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, publisher.publish("news", "m" + i));
        }
        await("100 messages received, in order").until(() -> received.size() == 100);
        for (int i = 0; i < 100; i++) {
            assertEquals("news:m" + i, received.get(i));
        }
        listener.unsubscribe();
        listening.join(CLIENT_TIMEOUT_MS);

        // A subscriber that never reads: pausing its reads cannot slow the publisher, so the
        // transport closes it once it leaves more than max.pending.write.bytes unread.
        RawResp slow = closeAfterTest(new RawResp(port, 4096));
        slow.send("SUBSCRIBE news\r\n");
        await("the slow subscriber is subscribed").until(() -> redis.subscribers.size() == 1);
        String big = "x".repeat(32 * 1024);
        long published = 0;
        while (!redis.subscribers.isEmpty() && published < 4096) {
            publisher.publish("news", big);
            published++;
        }
        assertTrue("the subscriber was closed after " + published + " messages of 32 KiB",
                redis.subscribers.isEmpty());
        awaitLogLine("Endpoint resp-it: closing session", "slow consumer", "max.pending.write.bytes=65536");
        assertEquals("the publisher carries on", "PONG", publisher.ping());
    }

    /**
     * Just enough of Redis to drive the codec: PING, ECHO, SET, GET, AUTH against the endpoint's
     * requirepass, CONFIG GET of an endpoint setting, SUBSCRIBE and PUBLISH (delivered from a
     * thread of its own). Each request arrives as {@code [argc]([len][bytes])*}; argc -1 is a
     * protocol error to answer and close on.
     */
    static final class TinyRedis implements ProtocolHandler {

        final Map<String, byte[]> data = new ConcurrentHashMap<>();
        final Set<Session> subscribers = ConcurrentHashMap.newKeySet();
        final List<String> protocolErrors = new CopyOnWriteArrayList<>();
        private final ExecutorService publishing = Executors.newSingleThreadExecutor();

        @Override
        public void received(Session session, ByteBuffer frame) throws Exception {
            int argc = frame.getInt();
            if (argc == -1) {
                byte[] text = new byte[frame.getInt()];
                frame.get(text);
                protocolErrors.add(new String(text, UTF_8));
                session.write("-ERR " + new String(text, UTF_8) + "\r\n");
                session.close();
                return;
            }
            List<byte[]> args = new ArrayList<>();
            for (int i = 0; i < argc; i++) {
                byte[] a = new byte[frame.getInt()];
                frame.get(a);
                args.add(a);
            }
            String command = new String(args.get(0), ISO_8859_1).toUpperCase();
            String password = session.endpointSetting("requirepass").orElse(null);
            if (command.equals("AUTH")) {
                boolean ok = password != null && password.equals(new String(args.get(1), UTF_8));
                session.attribute("authenticated", ok);
                session.write(ok ? "+OK\r\n" : "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
                return;
            }
            if (password != null && !Boolean.TRUE.equals(session.attribute("authenticated"))) {
                session.write("-NOAUTH Authentication required.\r\n");
                return;
            }
            switch (command) {
                case "PING" -> session.write("+PONG\r\n");
                case "ECHO" -> session.write(bulk(args.get(1)));
                case "SET" -> {
                    data.put(new String(args.get(1), ISO_8859_1), args.get(2));
                    session.write("+OK\r\n");
                }
                case "GET" -> {
                    byte[] v = data.get(new String(args.get(1), ISO_8859_1));
                    session.write(v == null ? "$-1\r\n".getBytes(ISO_8859_1) : bulk(v));
                }
                case "CONFIG" -> {
                    String key = new String(args.get(2), ISO_8859_1);
                    session.write(session.endpointSetting(key)
                            .map(v -> array(key.getBytes(ISO_8859_1), v.getBytes(UTF_8)))
                            .orElse("*0\r\n".getBytes(ISO_8859_1)));
                }
                case "SUBSCRIBE" -> {
                    subscribers.add(session);
                    session.write(concat(("*3\r\n").getBytes(ISO_8859_1), bulk("subscribe".getBytes(ISO_8859_1)),
                            bulk(args.get(1)), ":1\r\n".getBytes(ISO_8859_1)));
                }
                case "UNSUBSCRIBE" -> {
                    subscribers.remove(session);
                    session.write(concat(("*3\r\n").getBytes(ISO_8859_1), bulk("unsubscribe".getBytes(ISO_8859_1)),
                            bulk("news".getBytes(ISO_8859_1)), ":0\r\n".getBytes(ISO_8859_1)));
                }
                case "PUBLISH" -> {
                    byte[] message = concat(("*3\r\n").getBytes(ISO_8859_1), bulk("message".getBytes(ISO_8859_1)),
                            bulk(args.get(1)), bulk(args.get(2)));
                    int receivers = subscribers.size();
                    // Written from another thread, and awaited, so that the next PUBLISH sees
                    // the subscriber closed if this write closed it.
                    publishing.submit(() -> subscribers.forEach(s -> s.write(message))).get(10, TimeUnit.SECONDS);
                    session.write(":" + receivers + "\r\n");
                }
                default -> session.write("-ERR unknown command '" + command + "'\r\n");
            }
        }

        @Override
        public void closed(Session session) {
            subscribers.remove(session);
        }

        private static byte[] bulk(byte[] value) {
            return concat(("$" + value.length + "\r\n").getBytes(ISO_8859_1), value, "\r\n".getBytes(ISO_8859_1));
        }

        private static byte[] array(byte[]... items) {
            byte[][] parts = new byte[items.length + 1][];
            parts[0] = ("*" + items.length + "\r\n").getBytes(ISO_8859_1);
            for (int i = 0; i < items.length; i++) {
                parts[i + 1] = bulk(items[i]);
            }
            return concat(parts);
        }

        private static byte[] concat(byte[]... parts) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }
    }
}
