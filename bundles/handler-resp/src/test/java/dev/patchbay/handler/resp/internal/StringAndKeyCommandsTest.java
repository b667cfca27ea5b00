package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Rule;
import org.junit.Test;

public class StringAndKeyCommandsTest {

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession s = f.open();

    @Test
    public void setAndGetAreBinarySafe() {
        String binary = "\u0000\u00ff\r\n\u0080";
        assertEquals("+OK\r\n", f.send(s, "SET", binary, binary));
        assertEquals("$5\r\n" + binary + "\r\n", f.send(s, "GET", binary));
        assertEquals("$-1\r\n", f.send(s, "GET", "missing"));
    }

    @Test
    public void setOptions() {
        assertEquals("$-1\r\n", f.send(s, "SET", "k", "1", "XX"));
        assertEquals("+OK\r\n", f.send(s, "SET", "k", "1", "NX"));
        assertEquals("$-1\r\n", f.send(s, "SET", "k", "2", "NX"));
        assertEquals("$1\r\n1\r\n", f.send(s, "SET", "k", "2", "GET"));
        assertEquals("+OK\r\n", f.send(s, "SET", "k", "3", "EX", "100"));
        assertEquals(":100\r\n", f.send(s, "TTL", "k"));
        assertEquals("+OK\r\n", f.send(s, "SET", "k", "4", "KEEPTTL"));
        assertEquals(":100\r\n", f.send(s, "TTL", "k"));
        assertEquals("+OK\r\n", f.send(s, "SET", "k", "5"));
        assertEquals(":-1\r\n", f.send(s, "TTL", "k"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "SET", "k", "v", "NX", "XX"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "SET", "k", "v", "EX", "1", "PX", "1"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "SET", "k", "v", "EX"));
        assertEquals("-ERR invalid expire time in 'set' command\r\n", f.send(s, "SET", "k", "v", "EX", "0"));
        assertEquals("-ERR value is not an integer or out of range\r\n", f.send(s, "SET", "k", "v", "EX", "x"));
        f.send(s, "LPUSH", "list", "a");
        assertEquals(WRONGTYPE, f.send(s, "SET", "list", "v", "GET"));
        assertEquals("+OK\r\n", f.send(s, "SET", "list", "v"));
    }

    @Test
    public void countersAndTheirErrors() {
        assertEquals(":1\r\n", f.send(s, "INCR", "n"));
        assertEquals(":11\r\n", f.send(s, "INCRBY", "n", "10"));
        assertEquals(":10\r\n", f.send(s, "DECR", "n"));
        assertEquals(":0\r\n", f.send(s, "DECRBY", "n", "10"));
        f.send(s, "SET", "n", "9223372036854775807");
        assertEquals("-ERR increment or decrement would overflow\r\n", f.send(s, "INCR", "n"));
        f.send(s, "SET", "n", "abc");
        assertEquals("-ERR value is not an integer or out of range\r\n", f.send(s, "INCR", "n"));
        f.send(s, "SET", "n", " 1");
        assertEquals("-ERR value is not an integer or out of range\r\n", f.send(s, "INCR", "n"));
        f.send(s, "SET", "f", "10.5");
        assertEquals("$4\r\n10.6\r\n", f.send(s, "INCRBYFLOAT", "f", "0.1"));
        assertEquals("$1\r\n3\r\n", f.send(s, "INCRBYFLOAT", "g", "3"));
        assertEquals("-ERR value is not a valid float\r\n", f.send(s, "INCRBYFLOAT", "f", "x"));
    }

    @Test
    public void stringEditing() {
        assertEquals(":5\r\n", f.send(s, "APPEND", "s", "Hello"));
        assertEquals(":11\r\n", f.send(s, "APPEND", "s", " World"));
        assertEquals(":11\r\n", f.send(s, "STRLEN", "s"));
        assertEquals("$5\r\nWorld\r\n", f.send(s, "GETRANGE", "s", "-5", "-1"));
        assertEquals("$4\r\nHell\r\n", f.send(s, "GETRANGE", "s", "0", "3"));
        assertEquals("$0\r\n\r\n", f.send(s, "GETRANGE", "s", "20", "30"));
        assertEquals(":11\r\n", f.send(s, "SETRANGE", "s", "6", "Redis"));
        assertEquals("$11\r\nHello Redis\r\n", f.send(s, "GET", "s"));
        assertEquals(":8\r\n", f.send(s, "SETRANGE", "z", "5", "abc"));
        assertEquals("$8\r\n\u0000\u0000\u0000\u0000\u0000abc\r\n", f.send(s, "GET", "z"));
        assertEquals("-ERR offset is out of range\r\n", f.send(s, "SETRANGE", "z", "-1", "a"));
    }

    @Test
    public void multiKeyAndConditionalSets() {
        assertEquals("+OK\r\n", f.send(s, "MSET", "a", "1", "b", "2"));
        assertEquals("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n", f.send(s, "MGET", "a", "b", "c"));
        assertEquals("-ERR wrong number of arguments for 'mset' command\r\n", f.send(s, "MSET", "a", "1", "b"));
        assertEquals(":0\r\n", f.send(s, "MSETNX", "a", "1", "c", "3"));
        assertEquals(":1\r\n", f.send(s, "MSETNX", "c", "3", "d", "4"));
        assertEquals(":0\r\n", f.send(s, "SETNX", "a", "x"));
        assertEquals("+OK\r\n", f.send(s, "SETEX", "e", "10", "v"));
        assertEquals(":10\r\n", f.send(s, "TTL", "e"));
        assertEquals("-ERR invalid expire time in 'setex' command\r\n", f.send(s, "SETEX", "e", "0", "v"));
        assertEquals("$1\r\nv\r\n", f.send(s, "GETDEL", "e"));
        assertEquals(":0\r\n", f.send(s, "EXISTS", "e"));
        assertEquals("$1\r\n1\r\n", f.send(s, "GETEX", "a", "PX", "5000"));
        assertTrue(f.send(s, "PTTL", "a").matches(":(4\\d{3}|5000)\r\n"));
        assertEquals("$1\r\n1\r\n", f.send(s, "GETEX", "a", "PERSIST"));
        assertEquals(":-1\r\n", f.send(s, "TTL", "a"));
        assertEquals("$1\r\n1\r\n", f.send(s, "GETSET", "a", "9"));
    }

    @Test
    public void keysTypesAndExpiry() {
        f.send(s, "SET", "str", "v");
        f.send(s, "RPUSH", "list", "v");
        f.send(s, "HSET", "hash", "f", "v");
        f.send(s, "SADD", "set", "m");
        f.send(s, "ZADD", "zset", "1", "m");
        assertEquals("+string\r\n", f.send(s, "TYPE", "str"));
        assertEquals("+list\r\n", f.send(s, "TYPE", "list"));
        assertEquals("+hash\r\n", f.send(s, "TYPE", "hash"));
        assertEquals("+set\r\n", f.send(s, "TYPE", "set"));
        assertEquals("+zset\r\n", f.send(s, "TYPE", "zset"));
        assertEquals("+none\r\n", f.send(s, "TYPE", "nope"));
        assertEquals(":3\r\n", f.send(s, "EXISTS", "str", "list", "nope", "str"));
        assertEquals(":-2\r\n", f.send(s, "TTL", "nope"));
        assertEquals(":1\r\n", f.send(s, "EXPIRE", "str", "100"));
        assertEquals(":0\r\n", f.send(s, "EXPIRE", "str", "50", "GT"));
        assertEquals(":1\r\n", f.send(s, "EXPIRE", "str", "50", "LT"));
        assertEquals(":0\r\n", f.send(s, "EXPIRE", "str", "10", "NX"));
        assertEquals(":1\r\n", f.send(s, "EXPIRE", "str", "10", "XX"));
        assertEquals(":0\r\n", f.send(s, "EXPIRE", "list", "10", "GT"));
        assertEquals(":1\r\n", f.send(s, "EXPIRE", "list", "10", "LT"));
        assertEquals("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
                f.send(s, "EXPIRE", "str", "10", "NX", "XX"));
        assertEquals("-ERR GT and LT options at the same time are not compatible\r\n",
                f.send(s, "EXPIRE", "str", "10", "GT", "LT"));
        assertEquals("-ERR Unsupported option FOO\r\n", f.send(s, "EXPIRE", "str", "10", "FOO"));
        assertEquals(":1\r\n", f.send(s, "PERSIST", "str"));
        assertEquals(":0\r\n", f.send(s, "PERSIST", "str"));
        long at = System.currentTimeMillis() / 1000 + 1000;
        assertEquals(":1\r\n", f.send(s, "EXPIREAT", "hash", Long.toString(at)));
        assertEquals(":" + at + "\r\n", f.send(s, "EXPIRETIME", "hash"));
        assertEquals(":1\r\n", f.send(s, "PEXPIRE", "set", "-1"));
        assertEquals(":0\r\n", f.send(s, "EXISTS", "set"));
        assertEquals(":2\r\n", f.send(s, "DEL", "str", "list", "nope"));
        assertEquals(":1\r\n", f.send(s, "UNLINK", "zset"));
    }

    @Test
    public void keysScanRenameMoveCopy() {
        for (String k : new String[] {"user:1", "user:2", "order:1"}) {
            f.send(s, "SET", k, "v");
        }
        String keys = f.send(s, "KEYS", "user:*");
        assertTrue(keys, keys.startsWith("*2\r\n") && keys.contains("user:1") && keys.contains("user:2"));
        assertEquals("*1\r\n$7\r\norder:1\r\n", f.send(s, "KEYS", "o?der:[0-9]"));
        String scan = f.send(s, "SCAN", "0", "COUNT", "100", "MATCH", "order*");
        assertEquals("*2\r\n$1\r\n0\r\n*1\r\n$7\r\norder:1\r\n", scan);
        assertEquals("-ERR invalid cursor\r\n", f.send(s, "SCAN", "x"));
        assertEquals("+OK\r\n", f.send(s, "RENAME", "order:1", "order:2"));
        assertEquals("-ERR no such key\r\n", f.send(s, "RENAME", "order:1", "x"));
        assertEquals(":0\r\n", f.send(s, "RENAMENX", "user:1", "user:2"));
        assertEquals(":1\r\n", f.send(s, "MOVE", "user:1", "1"));
        assertEquals("-ERR source and destination objects are the same\r\n", f.send(s, "MOVE", "user:2", "0"));
        assertEquals(":1\r\n", f.send(s, "COPY", "user:2", "copy"));
        assertEquals(":0\r\n", f.send(s, "COPY", "user:2", "copy"));
        assertEquals(":1\r\n", f.send(s, "COPY", "user:2", "copy", "DB", "1", "REPLACE"));
        f.send(s, "SELECT", "1");
        assertEquals(":2\r\n", f.send(s, "DBSIZE"));
        assertTrue(f.send(s, "RANDOMKEY").startsWith("$"));
        f.send(s, "FLUSHDB");
        assertEquals("$-1\r\n", f.send(s, "RANDOMKEY"));
    }

    @Test
    public void wrongTypeEverywhere() {
        f.send(s, "LPUSH", "l", "a");
        assertEquals(WRONGTYPE, f.send(s, "GET", "l"));
        assertEquals(WRONGTYPE, f.send(s, "INCR", "l"));
        assertEquals(WRONGTYPE, f.send(s, "HGET", "l", "f"));
        assertEquals(WRONGTYPE, f.send(s, "SADD", "l", "m"));
        assertEquals(WRONGTYPE, f.send(s, "ZADD", "l", "1", "m"));
        f.send(s, "SET", "s", "v");
        assertEquals(WRONGTYPE, f.send(s, "LPUSH", "s", "a"));
    }
}
