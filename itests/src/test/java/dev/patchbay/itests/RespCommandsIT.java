package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

/**
 * The shipped {@code resp} endpoint with the real handler and keyspace, driven by Jedis: every
 * command family, Redis's error texts, pipelining, transactions, pub/sub across sessions, the
 * memory limit, and a {@code bundle:update} of the handler that keeps keys, the session's
 * selected database and the subscribers. One Karaf for all of it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RespCommandsIT extends RespTestSupport {

    private static final String HANDLER_BUNDLE = "patchbay-handler-resp";

    @Test
    public void everyCommandFamilyAnswersAsRedis() {
        awaitResp(respPort());
        Jedis j = jedis(respPort());
        j.select(1);
        j.flushDB();

        assertEquals("OK", j.set("s", "v"));
        assertEquals("v", j.get("s"));
        assertEquals(5, j.incrBy("n", 5));
        assertEquals(11, j.append("s", "1234567890"));
        assertEquals(1, j.expire("s", 100));
        assertTrue(j.ttl("s") > 90);
        assertEquals("string", j.type("s"));

        assertEquals(3, j.rpush("l", "a", "b", "c"));
        assertEquals(List.of("a", "b", "c"), j.lrange("l", 0, -1));
        assertEquals("a", j.lpop("l"));

        assertEquals(2, j.hset("h", Map.of("f1", "v1", "f2", "v2")));
        assertEquals(Map.of("f1", "v1", "f2", "v2"), j.hgetAll("h"));

        assertEquals(2, j.sadd("set", "x", "y"));
        assertEquals(Set.of("x", "y"), j.smembers("set"));

        j.zadd("z", 2, "two");
        j.zadd("z", 1, "one");
        assertEquals(List.of(new Tuple("one", 1d), new Tuple("two", 2d)), j.zrangeWithScores("z", 0, -1));
        assertEquals(List.of(new Tuple("one", 1d)), j.zpopmin("z", 1));

        assertEquals(6, j.dbSize());
        assertEquals(Set.of("s", "n", "l", "h", "set", "z"), j.keys("*"));
        assertTrue(j.info("keyspace").contains("db1:keys=6,expires=1,"));

        assertError("WRONGTYPE Operation against a key holding the wrong kind of value", () -> j.get("l"));
        assertError("ERR value is not an integer or out of range", () -> j.incr("s"));
        assertError("ERR unknown command 'NOSUCH', with args beginning with: 'a' ",
                () -> j.sendCommand(() -> "NOSUCH".getBytes(), "a"));

        // Pipelined: 1000 SETs and GETs in one go, each answered in order.
        try (Pipeline p = j.pipelined()) {
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                p.set("p" + i, "v" + i);
                gets.add(p.get("p" + i));
            }
            p.sync();
            for (int i = 0; i < 1000; i++) {
                assertEquals("v" + i, gets.get(i).get());
            }
        }
        j.flushDB();
    }

    @Test
    public void transactionsWatchesAndPubSubAcrossSessions() throws Exception {
        awaitResp(respPort());
        Jedis a = jedis(respPort());
        Jedis b = jedis(respPort());
        a.select(2);
        b.select(2);
        a.flushDB();

        Transaction t = a.multi();
        t.set("k", "1");
        t.incr("k");
        assertEquals(Arrays.asList("OK", 2L), t.exec());

        a.watch("k");
        b.set("k", "changed");
        Transaction aborted = a.multi();
        aborted.set("k", "mine");
        assertNull("a watched key changed by another client fails EXEC", aborted.exec());
        assertEquals("changed", a.get("k"));

        List<String> received = new CopyOnWriteArrayList<>();
        JedisPubSub listener = listener(received);
        Jedis subscriber = jedis(respPort());
        Thread listening = new Thread(() -> subscriber.psubscribe(listener, "news.*"), "resp-commands-subscriber");
        listening.start();
        await("the subscriber is subscribed").until(() -> b.pubsubNumPat() == 1);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, b.publish("news.today", "m" + i));
        }
        await("50 messages in order").until(() -> received.size() == 50);
        assertEquals("news.today:m49", received.get(49));
        listener.punsubscribe();
        listening.join(CLIENT_TIMEOUT_MS);
        a.flushDB();
    }

    @Test
    public void pastMaxmemoryWritesAreRefusedWithRedisOomError() {
        awaitResp(respPort());
        Jedis j = jedis(respPort());
        j.select(3);
        j.set("before", "x".repeat(1000));
        try {
            j.configSet("maxmemory", "1");
            assertError("OOM command not allowed when used memory > 'maxmemory'.", () -> j.set("after", "x"));
            assertEquals("reads carry on", 1000, j.get("before").length());
            assertEquals("deletes carry on", 1, j.del("before"));
        } finally {
            j.configSet("maxmemory", "0");
        }
        assertEquals("OK", j.set("after", "x"));
        j.flushDB();
    }

    @Test
    public void bundleUpdateOfTheHandlerKeepsKeysSessionsAndSubscribers() throws Exception {
        awaitResp(respPort());
        Jedis j = jedis(respPort());
        j.select(4);
        j.flushDB();
        try (Pipeline p = j.pipelined()) {
            for (int i = 0; i < 1000; i++) {
                p.set("key" + i, "value" + i);
            }
            p.sync();
        }
        List<String> received = new CopyOnWriteArrayList<>();
        JedisPubSub listener = listener(received);
        Jedis subscriber = jedis(respPort());
        Thread listening = new Thread(() -> subscriber.subscribe(listener, "swap"), "resp-swap-subscriber");
        listening.start();
        Jedis publisher = jedis(respPort());
        await("the subscriber is subscribed").until(() -> publisher.pubsubNumSub("swap").get("swap") == 1L);

        Bundle handler = Arrays.stream(bundleContext.getBundles())
                .filter(b -> HANDLER_BUNDLE.equals(b.getSymbolicName())).findFirst().orElseThrow();
        long modifiedBefore = handler.getLastModified();
        executeCommands("bundle:update " + handler.getBundleId());
        await("the RESP handler active again").until(() -> handler.getState() == Bundle.ACTIVE);
        assertTrue("the bundle was really updated", handler.getLastModified() > modifiedBefore);

        // The same connection: its database (4) is still selected and every key is there.
        for (int i = 0; i < 1000; i++) {
            assertEquals("value" + i, j.get("key" + i));
        }
        assertEquals(1, publisher.publish("swap", "after the update"));
        await("the subscriber received what was published after the update")
                .until(() -> received.contains("swap:after the update"));
        listener.unsubscribe();
        listening.join(CLIENT_TIMEOUT_MS);
        j.flushDB();
    }

    private static JedisPubSub listener(List<String> received) {
        return new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + ":" + message);
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                received.add(channel + ":" + message);
            }
        };
    }

    private static void assertError(String expected, Runnable command) {
        try {
            command.run();
            fail("expected the error " + expected);
        } catch (JedisDataException e) {
            assertEquals(expected, e.getMessage());
        }
    }
}
