package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Rule;
import org.junit.Test;

/** The blocking pops: served in the order clients blocked, one element each, timeouts, EXEC, held frames. */
public class BlockingCommandsTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession a = f.open();
    private final MemorySession b = f.open();

    /** What {@code s} was written within a few seconds, once it is {@code expected} (replies may come from the timer thread). */
    private static void await(MemorySession s, String expected) {
        StringBuilder got = new StringBuilder();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.length() < expected.length() && System.nanoTime() < deadline) {
            got.append(s.take());
            Thread.onSpinWait();
        }
        if (!got.toString().equals(expected)) {
            fail("expected " + expected.replace("\r\n", "\\r\\n") + " but got " + got.toString().replace("\r\n", "\\r\\n"));
        }
    }

    @Test
    public void aPushServesTheClientThatBlockedFirst() {
        assertEquals("", f.send(a, "BLPOP", "k", "other", "0"));
        assertEquals("", f.send(b, "BRPOP", "k", "0"));
        MemorySession c = f.open();
        assertEquals(":2\r\n", f.send(c, "RPUSH", "k", "x", "y"));
        assertEquals("*2\r\n$1\r\nk\r\n$1\r\nx\r\n", a.take());
        assertEquals("*2\r\n$1\r\nk\r\n$1\r\ny\r\n", b.take());
        assertEquals(":0\r\n", f.send(c, "EXISTS", "k"));
        // Served once: a later push stays in the list.
        f.send(c, "RPUSH", "other", "z");
        assertEquals("", a.take());
        assertEquals(":1\r\n", f.send(c, "LLEN", "other"));
    }

    /** 200 waiters, 4 threads pushing 50 elements each at once: every waiter gets one element, none twice. */
    @Test
    public void concurrentPushesServeEachElementToExactlyOneWaiter() throws Exception {
        java.util.List<MemorySession> waiters = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            MemorySession w = f.open();
            f.send(w, "BLPOP", "q", "0");
            waiters.add(w);
        }
        java.util.List<Thread> pushers = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            MemorySession p = f.open();
            pushers.add(new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    f.send(p, "RPUSH", "q", "e" + (thread * 50 + i));
                }
            }));
        }
        pushers.forEach(Thread::start);
        for (Thread t : pushers) {
            t.join(10_000);
        }
        java.util.Set<String> got = new java.util.HashSet<>();
        for (MemorySession w : waiters) {
            String reply = w.take();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\*2\r\n\\$1\r\nq\r\n\\$\\d+\r\n(e\\d+)\r\n$").matcher(reply);
            if (!m.find()) {
                fail("a waiter got " + reply.replace("\r\n", "\\r\\n"));
            }
            got.add(m.group(1));
        }
        assertEquals("200 distinct elements, one per waiter", 200, got.size());
        assertEquals(":0\r\n", f.send(a, "EXISTS", "q"));
    }

    @Test
    public void framesSentWhileWaitingAreAnsweredAfterTheWait() {
        f.send(a, "BLPOP", "k", "0");
        assertEquals("", f.send(a, "PING"));
        assertEquals("", f.send(a, "BLPOP", "k", "0"));
        assertEquals("", f.send(a, "ECHO", "after"));
        f.send(b, "LPUSH", "k", "1");
        assertEquals("*2\r\n$1\r\nk\r\n$1\r\n1\r\n+PONG\r\n", a.take());
        f.send(b, "LPUSH", "k", "2");
        assertEquals("*2\r\n$1\r\nk\r\n$1\r\n2\r\n$5\r\nafter\r\n", a.take());
        assertEquals("+PONG\r\n", f.send(a, "PING"));
    }

    @Test
    public void aTimeoutAnswersANullArray() {
        assertEquals("", f.send(a, "BLPOP", "k", "0.01"));
        f.send(a, "PING");
        await(a, "*-1\r\n+PONG\r\n");
        assertEquals("", f.send(a, "BRPOPLPUSH", "k", "d", "0.01"));
        await(a, "*-1\r\n");
        assertEquals("", f.send(a, "BZPOPMIN", "z", "0.01"));
        await(a, "*-1\r\n");
    }

    @Test
    public void moveServesTheNextWaiterOfItsTarget() {
        f.send(a, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
        f.send(b, "BLPOP", "dst", "0");
        MemorySession c = f.open();
        f.send(c, "LPUSH", "src", "x");
        assertEquals("$1\r\nx\r\n", a.take());
        assertEquals("*2\r\n$3\r\ndst\r\n$1\r\nx\r\n", b.take());
        assertEquals(":0\r\n", f.send(c, "EXISTS", "src", "dst"));
    }

    @Test
    public void sortedSetWaitersAndListWaitersOnOneKey() {
        f.send(a, "BZPOPMAX", "k", "0");
        f.send(b, "BLPOP", "k", "0");
        MemorySession c = f.open();
        f.send(c, "ZADD", "k", "1", "m", "2", "n");
        assertEquals("*3\r\n$1\r\nk\r\n$1\r\nn\r\n$1\r\n2\r\n", a.take());
        assertEquals("", b.take());
        assertEquals("*2\r\n$1\r\nk\r\n*1\r\n*2\r\n$1\r\nm\r\n$1\r\n1\r\n", f.send(c, "BZMPOP", "0", "1", "k", "MIN", "COUNT", "5"));
        f.send(c, "RPUSH", "k", "e");
        assertEquals("*2\r\n$1\r\nk\r\n$1\r\ne\r\n", b.take());
    }

    @Test
    public void aClosedClientIsForgotten() {
        f.send(a, "BLPOP", "k", "0");
        a.close();
        f.handler.closed(a);
        f.send(b, "RPUSH", "k", "x");
        assertEquals(":1\r\n", f.send(b, "LLEN", "k"));
    }

    @Test
    public void insideExecNothingWaits() {
        f.send(a, "MULTI");
        f.send(a, "BLPOP", "k", "0");
        f.send(a, "BRPOPLPUSH", "k", "d", "0");
        f.send(a, "BLMOVE", "k", "d", "LEFT", "LEFT", "0");
        f.send(a, "BZMPOP", "0", "1", "k", "MIN");
        assertEquals("*4\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n", f.send(a, "EXEC"));
    }

    @Test
    public void aStoppingHandlerAnswersItsWaitersAsATimeout() {
        f.send(a, "BLPOP", "k", "0");
        f.send(a, "BLPOP", "k", "0");
        f.send(a, "PING");
        f.handler.deactivate();
        assertEquals("*-1\r\n*-1\r\n+PONG\r\n", a.take());
    }

    @Test
    public void multiPopsAndTheirErrors() {
        f.send(a, "RPUSH", "l", "a", "b", "c");
        assertEquals("*2\r\n$1\r\nl\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n", f.send(a, "LMPOP", "2", "x", "l", "RIGHT", "COUNT", "2"));
        assertEquals("*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n", f.send(a, "BLMPOP", "0", "1", "l", "LEFT", "COUNT", "9"));
        assertEquals("*-1\r\n", f.send(a, "LMPOP", "1", "l", "LEFT"));
        assertEquals("*-1\r\n", f.send(a, "ZMPOP", "1", "z", "MAX"));
        assertEquals("-ERR numkeys should be greater than 0\r\n", f.send(a, "BLMPOP", "0", "0", "a", "LEFT"));
        assertEquals("-ERR numkeys should be greater than 0\r\n", f.send(a, "LMPOP", "x", "a", "LEFT"));
        assertEquals("-ERR syntax error\r\n", f.send(a, "BLMPOP", "0", "2", "a", "LEFT"));
        assertEquals("-ERR syntax error\r\n", f.send(a, "BLMPOP", "0", "1", "a", "UP"));
        assertEquals("-ERR count should be greater than 0\r\n", f.send(a, "BLMPOP", "0", "1", "a", "LEFT", "COUNT", "0"));
        assertEquals("-ERR syntax error\r\n", f.send(a, "BLMPOP", "0", "1", "a", "LEFT", "COUNT", "2", "x"));
        assertEquals("-ERR syntax error\r\n", f.send(a, "BLMOVE", "a", "b", "UP", "LEFT", "0"));
        assertEquals("-ERR timeout is not a float or out of range\r\n", f.send(a, "BLPOP", "a", "x"));
        assertEquals("-ERR timeout is negative\r\n", f.send(a, "BLPOP", "a", "-1"));
        assertEquals("-ERR timeout is negative\r\n", f.send(a, "BRPOP", "a", "1e400"));
        assertEquals("-ERR wrong number of arguments for 'blpop' command\r\n", f.send(a, "BLPOP", "a"));
        f.send(a, "SET", "s", "v");
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(a, "BLPOP", "s", "0"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(a, "BZPOPMIN", "s", "0"));
    }
}
