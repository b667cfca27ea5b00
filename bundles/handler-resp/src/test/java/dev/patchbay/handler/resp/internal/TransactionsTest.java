package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Rule;
import org.junit.Test;

public class TransactionsTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession s = f.open();
    private final MemorySession other = f.open();

    @Test
    public void execRunsTheQueueInOrderWithEachReply() {
        assertEquals("+OK\r\n", f.send(s, "MULTI"));
        assertEquals("+QUEUED\r\n", f.send(s, "SET", "a", "1"));
        assertEquals("+QUEUED\r\n", f.send(s, "INCR", "a"));
        assertEquals("+QUEUED\r\n", f.send(s, "LPUSH", "a", "x"));
        assertEquals("+QUEUED\r\n", f.send(s, "GET", "a"));
        assertEquals("$-1\r\n", f.send(other, "GET", "a"));
        assertEquals("*4\r\n+OK\r\n:2\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n$1\r\n2\r\n",
                f.send(s, "EXEC"));
        assertEquals("-ERR EXEC without MULTI\r\n", f.send(s, "EXEC"));
    }

    @Test
    public void anErrorWhileQueueingAbortsTheTransaction() {
        f.send(s, "MULTI");
        f.send(s, "SET", "a", "1");
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", f.send(s, "GET"));
        assertEquals("-ERR unknown command 'nope', with args beginning with: \r\n", f.send(s, "nope"));
        assertEquals("-ERR MULTI calls can not be nested\r\n", f.send(s, "MULTI"));
        assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", f.send(s, "EXEC"));
        assertEquals("$-1\r\n", f.send(s, "GET", "a"));
    }

    @Test
    public void discardDropsTheQueue() {
        assertEquals("-ERR DISCARD without MULTI\r\n", f.send(s, "DISCARD"));
        f.send(s, "MULTI");
        f.send(s, "SET", "a", "1");
        assertEquals("+OK\r\n", f.send(s, "DISCARD"));
        assertEquals("$-1\r\n", f.send(s, "GET", "a"));
    }

    @Test
    public void aWatchedKeyChangedByAnotherClientFailsExec() {
        f.send(s, "SET", "w", "0");
        assertEquals("+OK\r\n", f.send(s, "WATCH", "w"));
        f.send(other, "SET", "w", "1");
        f.send(s, "MULTI");
        f.send(s, "SET", "w", "2");
        assertEquals("*-1\r\n", f.send(s, "EXEC"));
        assertEquals("$1\r\n1\r\n", f.send(s, "GET", "w"));
        assertEquals("+OK\r\n", f.send(s, "WATCH", "w"));
        f.send(s, "MULTI");
        f.send(s, "SET", "w", "3");
        assertEquals("*1\r\n+OK\r\n", f.send(s, "EXEC"));
        assertEquals("+OK\r\n", f.send(s, "MULTI"));
        assertEquals("-ERR WATCH inside MULTI is not allowed\r\n", f.send(s, "WATCH", "w"));
    }

    @Test
    public void unwatchAndWatchInAnotherDatabase() {
        f.send(s, "SELECT", "2");
        f.send(s, "WATCH", "k");
        f.send(s, "UNWATCH");
        f.send(other, "SELECT", "2");
        f.send(other, "SET", "k", "x");
        f.send(s, "MULTI");
        f.send(s, "GET", "k");
        assertEquals("*1\r\n$1\r\nx\r\n", f.send(s, "EXEC"));
        f.send(s, "WATCH", "k");
        f.send(other, "FLUSHDB");
        f.send(s, "MULTI");
        f.send(s, "GET", "k");
        assertEquals("*-1\r\n", f.send(s, "EXEC"));
    }
}
