package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;

public class CommandCountsAndAuthAuditTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final List<Map<String, Object>> posted = new ArrayList<>();

    {
        f.handler.context().events = (topic, properties) -> {
            assertEquals(Topics.AUTH_FAILED, topic);
            posted.add(properties);
        };
    }

    private long count(String family) {
        return f.keyspace.commandCounter("resp", family).sum();
    }

    @Test
    public void everyCommandHasAFamilyOtherThanUnknown() {
        for (Command c : f.handler.commands()) {
            assertNotEquals(c.name + " (group " + c.group + ")", CommandFamily.UNKNOWN, c.family);
        }
    }

    @Test
    public void requestsAreCountedByFamilyPerEndpointInTheKeyspace() {
        MemorySession s = f.open();
        f.send(s, "SET", "k", "v");
        f.send(s, "GET", "k");
        f.send(s, "LPUSH", "l", "a");
        f.send(s, "HSET", "h", "f", "v");
        f.send(s, "SADD", "s", "m");
        f.send(s, "ZADD", "z", "1", "m");
        f.send(s, "DEL", "k");
        f.send(s, "PING");
        f.send(s, "DBSIZE");
        f.send(s, "MULTI");
        f.send(s, "PUBLISH", "c", "m");
        f.send(s, "EXEC");
        f.send(s, "nope");
        assertEquals(2, count("string"));
        assertEquals(1, count("list"));
        assertEquals(1, count("hash"));
        assertEquals(1, count("set"));
        assertEquals(1, count("sortedset"));
        assertEquals(1, count("generic"));
        assertEquals(1, count("connection"));
        assertEquals(1, count("server"));
        assertEquals(2, count("transaction"));
        assertEquals("counted when queued, not again when EXEC runs it", 1, count("pubsub"));
        assertEquals(1, count("unknown"));

        // A newer handler over the same keyspace goes on with the same counters.
        RespHandler newer = new RespHandler(f.keyspace);
        newer.handedOver(s, "test");
        newer.received(s, RespFixture.frame("GET", "k"));
        assertEquals(3, count("string"));
    }

    @Test
    public void failedAuthsArePostedWithoutThePassword() {
        MemorySession s = f.open("s3cret");
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", f.send(s, "AUTH", "guess"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                f.send(s, "AUTH", "admin", "s3cret"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                f.send(s, "HELLO", "2", "AUTH", "default", "guess2"));
        assertEquals("+OK\r\n", f.send(s, "AUTH", "s3cret"));
        assertEquals(3, posted.size());
        Map<String, Object> first = posted.get(0);
        assertEquals("resp", first.get(EventProperties.ENDPOINT));
        assertEquals(s.id(), first.get(EventProperties.SESSION));
        assertEquals("/127.0.0.1:50000", first.get(EventProperties.REMOTE));
        assertEquals("AUTH", first.get(EventProperties.COMMAND));
        assertEquals(AuthFailures.WRONG_PASSWORD, first.get(EventProperties.REASON));
        assertFalse(first.containsKey(EventProperties.USER));
        assertEquals("admin", posted.get(1).get(EventProperties.USER));
        assertEquals(AuthFailures.UNKNOWN_USER, posted.get(1).get(EventProperties.REASON));
        assertEquals("HELLO", posted.get(2).get(EventProperties.COMMAND));
        assertEquals("default", posted.get(2).get(EventProperties.USER));
        for (Map<String, Object> p : posted) {
            assertTrue(p.toString(), !p.toString().contains("guess") && !p.toString().contains("s3cret"));
        }

        MemorySession open = f.open();
        assertTrue(f.send(open, "AUTH", "x").startsWith("-ERR AUTH <password> called without any password configured"));
        assertEquals(AuthFailures.NO_PASSWORD_SET, posted.get(3).get(EventProperties.REASON));
    }

    @Test
    public void pastItsRateFailuresAreCountedIntoTheNextEventPosted() {
        MemorySession s = f.open("s3cret");
        int sent = AuthFailures.PER_SECOND * 3;
        for (int i = 0; i < sent; i++) {
            f.send(s, "AUTH", "guess");
        }
        long accounted = 0;
        for (Map<String, Object> p : posted) {
            accounted += 1 + ((Number) p.getOrDefault(AuthFailures.SUPPRESSED, 0L)).longValue();
        }
        assertTrue(posted.size() + " posted", posted.size() <= sent);
        // Whatever is still suppressed goes with the next one posted (in the next second at the latest).
        long start = System.nanoTime();
        boolean postedAgain = false;
        while (!postedAgain && System.nanoTime() - start < 5_000_000_000L) {
            int before = posted.size();
            f.send(s, "AUTH", "guess");
            sent++;
            for (Map<String, Object> p : posted.subList(before, posted.size())) {
                accounted += 1 + ((Number) p.getOrDefault(AuthFailures.SUPPRESSED, 0L)).longValue();
                postedAgain = true;
            }
        }
        assertEquals(sent, accounted);
    }
}
