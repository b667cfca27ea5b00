package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

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
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

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

    @Test
    public void blockingPopsWaitForAnotherConnectionsWrite() throws Exception {
        awaitResp(respPort());
        Jedis other = jedis(respPort());
        other.select(5);
        other.flushDB();

        // Pipelined behind a BLPOP, a PING is answered after the BLPOP's element.
        RawResp waiting = raw(respPort());
        waiting.send("SELECT 5\r\nBLPOP queue 0\r\nPING\r\n");
        assertEquals("+OK\r\n", waiting.read(5));
        await("the client waits").until(() -> other.info("clients").contains("blocked_clients:1\r\n"));
        assertEquals(1, other.rpush("queue", "job"));
        String expected = "*2\r\n$5\r\nqueue\r\n$3\r\njob\r\n+PONG\r\n";
        assertEquals(expected, waiting.read(expected.length()));
        assertFalse("the element went to the waiting client only", other.exists("queue"));

        // Jedis, on another connection: a sorted-set pop served by a ZADD, a move by an LPUSH.
        Jedis blocked = jedis(respPort());
        blocked.select(5);
        CompletableFuture<KeyValue<String, Tuple>> zpop = CompletableFuture.supplyAsync(() -> blocked.bzpopmin(0, "scores"));
        await("the client waits").until(() -> other.info("clients").contains("blocked_clients:1\r\n"));
        other.zadd("scores", 7, "seven");
        KeyValue<String, Tuple> popped = zpop.get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertEquals("scores", popped.getKey());
        assertEquals(new Tuple("seven", 7d), popped.getValue());
        CompletableFuture<String> move = CompletableFuture.supplyAsync(
                () -> blocked.blmove("from", "to", ListDirection.RIGHT, ListDirection.LEFT, 0));
        await("the client waits").until(() -> other.info("clients").contains("blocked_clients:1\r\n"));
        other.lpush("from", "moved");
        assertEquals("moved", move.get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertEquals(List.of("moved"), other.lrange("to", 0, -1));

        assertNull("a timeout answers nil", blocked.blpop(0.05, "nothing"));
        assertNull(blocked.bzpopmax(0.05, "nothing"));
        other.flushDB();
    }

    @Test
    public void positionsLexRangesAndCollectionScans() {
        awaitResp(respPort());
        Jedis j = jedis(respPort());
        j.select(6);
        j.flushDB();
        j.rpush("l", "a", "b", "c", "b");
        assertEquals(Long.valueOf(3), j.lpos("l", "b", LPosParams.lPosParams().rank(-1)));
        j.zadd("lex", Map.of("a", 0d, "b", 0d, "c", 0d));
        assertEquals(List.of("b", "c"), j.zrangeByLex("lex", "(a", "+"));
        assertEquals(2, j.zlexcount("lex", "[b", "[c"));
        j.hset("h", Map.of("f1", "v1", "f2", "v2"));
        assertEquals(ScanParams.SCAN_POINTER_START, j.hscan("h", ScanParams.SCAN_POINTER_START).getCursor());
        assertEquals(2, j.hscan("h", ScanParams.SCAN_POINTER_START).getResult().size());
        j.sadd("s", "x");
        assertEquals(List.of("x"), j.sscan("s", ScanParams.SCAN_POINTER_START).getResult());
        assertEquals(List.of("a", "b"), j.lmpop(ListDirection.LEFT, 2, "none", "l").getValue());
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
