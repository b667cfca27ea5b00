package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Rule;
import org.junit.Test;

public class ConnectionAndDispatchTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession s = f.open();

    @Test
    public void pingEchoAndCaseInsensitiveNames() {
        assertEquals("+PONG\r\n", f.send(s, "PING"));
        assertEquals("+PONG\r\n", f.send(s, "pInG"));
        assertEquals("$5\r\nhello\r\n", f.send(s, "ping", "hello"));
        assertEquals("$4\r\na\r\nb\r\n", f.send(s, "ECHO", "a\r\nb"));
        assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", f.send(s, "PING", "a", "b"));
    }

    @Test
    public void unknownCommandsAndWrongArityAnswerAsRedis() {
        assertEquals("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n", f.send(s, "foo", "a", "b"));
        assertEquals("-ERR unknown command 'foo', with args beginning with: \r\n", f.send(s, "foo"));
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", f.send(s, "GET"));
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", f.send(s, "GET", "a", "b"));
        String longArg = "x".repeat(300);
        String reply = f.send(s, "nope", longArg, "y");
        assertEquals("-ERR unknown command 'nope', with args beginning with: '" + "x".repeat(128) + "' \r\n", reply);
        assertEquals("-ERR unknown subcommand 'bad'. Try CLIENT HELP.\r\n", f.send(s, "CLIENT", "bad"));
    }

    @Test
    public void aProtocolErrorIsAnsweredAndClosesTheSession() {
        f.handler.received(s, RespFixture.protocolError("Protocol error: invalid multibulk length"));
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n", s.take());
        assertFalse(s.isOpen());
    }

    @Test
    public void quitAnswersOkAndCloses() {
        assertEquals("+OK\r\n", f.send(s, "QUIT"));
        assertFalse(s.isOpen());
    }

    @Test
    public void selectKeepsDatabasesApart() {
        assertEquals("+OK\r\n", f.send(s, "SET", "k", "0"));
        assertEquals("+OK\r\n", f.send(s, "SELECT", "3"));
        assertEquals("$-1\r\n", f.send(s, "GET", "k"));
        assertEquals("-ERR DB index is out of range\r\n", f.send(s, "SELECT", "16"));
        assertEquals("-ERR value is not an integer or out of range\r\n", f.send(s, "SELECT", "x"));
        assertEquals(":0\r\n", f.send(s, "DBSIZE"));
        assertEquals("+OK\r\n", f.send(s, "SELECT", "0"));
        assertEquals(":1\r\n", f.send(s, "DBSIZE"));
    }

    @Test
    public void withAPasswordEveryCommandButAuthWaitsForIt() {
        MemorySession locked = f.open("s3cret");
        assertEquals("-NOAUTH Authentication required.\r\n", f.send(locked, "GET", "a"));
        assertEquals("-ERR unknown command 'x', with args beginning with: \r\n", f.send(locked, "x"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                f.send(locked, "AUTH", "wrong"));
        assertEquals("-NOAUTH Authentication required.\r\n", f.send(locked, "PING"));
        assertEquals("+OK\r\n", f.send(locked, "AUTH", "default", "s3cret"));
        assertEquals("+PONG\r\n", f.send(locked, "PING"));
        MemorySession other = f.open("s3cret");
        assertEquals("+OK\r\n", f.send(other, "AUTH", "s3cret"));
    }

    @Test
    public void authWithoutAPasswordConfiguredIsRedisError() {
        assertEquals("-ERR AUTH <password> called without any password configured for the default user. "
                + "Are you sure your configuration is correct?\r\n", f.send(s, "AUTH", "x"));
    }

    @Test
    public void helloTwoAnswersAndThreeIsRefusedForNow() {
        String hello = f.send(s, "HELLO", "2");
        assertTrue(hello, hello.startsWith("*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n"));
        assertTrue(hello.contains("$5\r\nproto\r\n:2\r\n"));
        assertEquals("-NOPROTO unsupported protocol version\r\n", f.send(s, "HELLO", "3"));
        MemorySession locked = f.open("pw");
        assertTrue(f.send(locked, "HELLO", "2", "AUTH", "default", "pw").startsWith("*14\r\n"));
        assertEquals("+PONG\r\n", f.send(locked, "PING"));
    }

    @Test
    public void clientNamesAndLists() {
        assertEquals("$-1\r\n", f.send(s, "CLIENT", "GETNAME"));
        assertEquals("+OK\r\n", f.send(s, "CLIENT", "SETNAME", "worker-1"));
        assertEquals("$8\r\nworker-1\r\n", f.send(s, "CLIENT", "GETNAME"));
        assertEquals(":" + s.id() + "\r\n", f.send(s, "CLIENT", "ID"));
        assertTrue(f.send(s, "CLIENT", "LIST").contains("id=" + s.id() + " addr=127.0.0.1:50000"));
        assertTrue(f.send(s, "CLIENT", "INFO").contains(" name=worker-1 "));
        assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                f.send(s, "CLIENT", "SETNAME", "a b"));
        assertEquals("-ERR wrong number of arguments for 'client|setname' command\r\n",
                f.send(s, "CLIENT", "SETNAME"));
    }

    @Test
    public void serverCommands() {
        f.send(s, "SET", "a", "1");
        String info = f.send(s, "INFO");
        assertTrue(info, info.contains("redis_version:7.0.15\r\n"));
        assertTrue(info, info.contains("db0:keys=1,expires=0,avg_ttl=0\r\n"));
        assertTrue(f.send(s, "INFO", "memory").contains("maxmemory_policy:noeviction"));
        // The keyspace's configured 0 is half the heap, never "no limit".
        String halfHeap = Long.toString(Runtime.getRuntime().maxMemory() / 2);
        assertEquals("*2\r\n$9\r\nmaxmemory\r\n$" + halfHeap.length() + "\r\n" + halfHeap + "\r\n",
                f.send(s, "CONFIG", "GET", "maxmemory"));
        assertEquals("+OK\r\n", f.send(s, "CONFIG", "SET", "maxmemory", "10mb"));
        assertEquals("*2\r\n$9\r\nmaxmemory\r\n$8\r\n10485760\r\n", f.send(s, "CONFIG", "GET", "maxmemory"));
        assertEquals("-ERR Unknown option or number of arguments for CONFIG SET - 'nope'\r\n",
                f.send(s, "CONFIG", "SET", "nope", "1"));
        assertTrue(f.send(s, "TIME").startsWith("*2\r\n$10\r\n"));
        assertTrue(f.send(s, "COMMAND", "COUNT").matches(":\\d{3}\r\n"));
        assertTrue(f.send(s, "COMMAND", "DOCS", "get").startsWith("*2\r\n$3\r\nget\r\n"));
        assertEquals("+OK\r\n", f.send(s, "FLUSHALL"));
        assertEquals(":0\r\n", f.send(s, "DBSIZE"));
    }

    @Test
    public void pastMaxmemoryWritesGetTheOomErrorAndReadsStillWork() {
        f.send(s, "CONFIG", "SET", "maxmemory", "1000");
        for (int i = 0; i < 10; i++) {
            f.send(s, "SET", "key" + i, "x".repeat(100));
        }
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", f.send(s, "SET", "more", "x"));
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", f.send(s, "LPUSH", "l", "x"));
        assertTrue(f.send(s, "GET", "key0").startsWith("$100\r\n"));
        assertEquals(":1\r\n", f.send(s, "DEL", "key0"));
        // Entries of about 216 estimated bytes: the sixth SET of the loop was the first refused.
        assertTrue(f.send(s, "INFO", "stats").contains("total_oom_refusals:7\r\n"));
    }

    @Test
    public void aSessionHandedOverKeepsItsDatabaseNameAndAuthentication() {
        MemorySession locked = f.open("pw");
        f.send(locked, "AUTH", "pw");
        f.send(locked, "SELECT", "5");
        f.send(locked, "CLIENT", "SETNAME", "kept");
        f.send(locked, "SET", "k", "v");
        RespHandler newer = new RespHandler(f.keyspace);
        newer.handedOver(locked, "0.9.0");
        newer.received(locked, RespFixture.frame("GET", "k"));
        assertEquals("$1\r\nv\r\n", locked.take());
        newer.received(locked, RespFixture.frame("CLIENT", "GETNAME"));
        assertEquals("$4\r\nkept\r\n", locked.take());
    }
}
