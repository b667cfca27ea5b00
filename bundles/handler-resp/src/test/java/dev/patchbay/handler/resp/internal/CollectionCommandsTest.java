package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Rule;
import org.junit.Test;

public class CollectionCommandsTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession s = f.open();

    @Test
    public void lists() {
        assertEquals(":3\r\n", f.send(s, "RPUSH", "l", "a", "b", "c"));
        assertEquals(":4\r\n", f.send(s, "LPUSH", "l", "z"));
        assertEquals("*4\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", f.send(s, "LRANGE", "l", "0", "-1"));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", f.send(s, "LRANGE", "l", "-2", "100"));
        assertEquals("*0\r\n", f.send(s, "LRANGE", "l", "5", "10"));
        assertEquals("$1\r\nb\r\n", f.send(s, "LINDEX", "l", "-2"));
        assertEquals("$-1\r\n", f.send(s, "LINDEX", "l", "9"));
        assertEquals(":4\r\n", f.send(s, "LLEN", "l"));
        assertEquals("$1\r\nz\r\n", f.send(s, "LPOP", "l"));
        assertEquals("*2\r\n$1\r\nc\r\n$1\r\nb\r\n", f.send(s, "RPOP", "l", "2"));
        assertEquals("-ERR value is out of range, must be positive\r\n", f.send(s, "LPOP", "l", "-1"));
        assertEquals("-ERR wrong number of arguments for 'lpop' command\r\n", f.send(s, "LPOP", "l", "1", "2"));
        assertEquals("$1\r\na\r\n", f.send(s, "LPOP", "l"));
        assertEquals(":0\r\n", f.send(s, "EXISTS", "l"));
        assertEquals("$-1\r\n", f.send(s, "LPOP", "l"));
        assertEquals("*-1\r\n", f.send(s, "LPOP", "l", "1"));
        assertEquals(":0\r\n", f.send(s, "LPUSHX", "l", "x"));
        f.send(s, "RPUSH", "l", "a", "b", "a", "c", "a");
        assertEquals(":2\r\n", f.send(s, "LREM", "l", "2", "a"));
        assertEquals("*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n", f.send(s, "LRANGE", "l", "0", "-1"));
        assertEquals("+OK\r\n", f.send(s, "LSET", "l", "0", "B"));
        assertEquals("-ERR index out of range\r\n", f.send(s, "LSET", "l", "9", "B"));
        assertEquals("-ERR no such key\r\n", f.send(s, "LSET", "nope", "0", "B"));
        assertEquals(":4\r\n", f.send(s, "LINSERT", "l", "BEFORE", "c", "x"));
        assertEquals(":-1\r\n", f.send(s, "LINSERT", "l", "AFTER", "nope", "x"));
        assertEquals("+OK\r\n", f.send(s, "LTRIM", "l", "1", "2"));
        assertEquals("*2\r\n$1\r\nx\r\n$1\r\nc\r\n", f.send(s, "LRANGE", "l", "0", "-1"));
        assertEquals("$1\r\nc\r\n", f.send(s, "RPOPLPUSH", "l", "other"));
        assertEquals("$1\r\nx\r\n", f.send(s, "LMOVE", "l", "l", "LEFT", "RIGHT"));
        assertEquals("*1\r\n$1\r\nx\r\n", f.send(s, "LRANGE", "l", "0", "-1"));
    }

    @Test
    public void hashes() {
        assertEquals(":2\r\n", f.send(s, "HSET", "h", "a", "1", "b", "2"));
        assertEquals(":0\r\n", f.send(s, "HSET", "h", "a", "3"));
        assertEquals("$1\r\n3\r\n", f.send(s, "HGET", "h", "a"));
        assertEquals("-ERR wrong number of arguments for 'hset' command\r\n", f.send(s, "HSET", "h", "a", "1", "b"));
        assertEquals("+OK\r\n", f.send(s, "HMSET", "h", "c", "4"));
        assertEquals("*2\r\n$1\r\n4\r\n$-1\r\n", f.send(s, "HMGET", "h", "c", "zz"));
        assertEquals(":3\r\n", f.send(s, "HLEN", "h"));
        assertEquals(":1\r\n", f.send(s, "HEXISTS", "h", "a"));
        assertEquals(":0\r\n", f.send(s, "HSETNX", "h", "a", "9"));
        assertEquals(":13\r\n", f.send(s, "HINCRBY", "h", "a", "10"));
        f.send(s, "HSET", "h", "x", "y");
        assertEquals("-ERR hash value is not an integer\r\n", f.send(s, "HINCRBY", "h", "x", "1"));
        assertTrue(f.send(s, "HGETALL", "h").startsWith("*8\r\n"));
        assertEquals(":2\r\n", f.send(s, "HDEL", "h", "a", "b", "nope"));
        assertEquals("$3\r\n1.5\r\n", f.send(s, "HINCRBYFLOAT", "h", "f", "1.5"));
        assertEquals(":1\r\n", f.send(s, "HSTRLEN", "h", "c"));
    }

    @Test
    public void sets() {
        assertEquals(":3\r\n", f.send(s, "SADD", "s", "a", "b", "c", "a"));
        assertEquals(":3\r\n", f.send(s, "SCARD", "s"));
        assertEquals(":1\r\n", f.send(s, "SISMEMBER", "s", "a"));
        assertEquals("*2\r\n:1\r\n:0\r\n", f.send(s, "SMISMEMBER", "s", "a", "z"));
        assertEquals(":1\r\n", f.send(s, "SREM", "s", "a", "z"));
        f.send(s, "SADD", "t", "b", "d");
        assertEquals("*1\r\n$1\r\nb\r\n", f.send(s, "SINTER", "s", "t"));
        assertEquals("*1\r\n$1\r\nc\r\n", f.send(s, "SDIFF", "s", "t"));
        assertEquals(":3\r\n", f.send(s, "SUNIONSTORE", "u", "s", "t"));
        assertEquals(":1\r\n", f.send(s, "SMOVE", "s", "t", "c"));
        assertTrue(f.send(s, "SPOP", "u").startsWith("$1\r\n"));
        assertTrue(f.send(s, "SRANDMEMBER", "u", "-5").startsWith("*5\r\n"));
        assertTrue(f.send(s, "SPOP", "u", "5").startsWith("*2\r\n"));
        assertEquals(":0\r\n", f.send(s, "EXISTS", "u"));
        assertEquals("$-1\r\n", f.send(s, "SPOP", "u"));
    }

    @Test
    public void sortedSets() {
        assertEquals(":3\r\n", f.send(s, "ZADD", "z", "1", "a", "2", "b", "3", "c"));
        assertEquals(":0\r\n", f.send(s, "ZADD", "z", "NX", "5", "a"));
        assertEquals(":1\r\n", f.send(s, "ZADD", "z", "CH", "1.5", "a"));
        assertEquals("$3\r\n1.5\r\n", f.send(s, "ZSCORE", "z", "a"));
        assertEquals("$3\r\n2.5\r\n", f.send(s, "ZINCRBY", "z", "1", "a"));
        assertEquals("$3\r\n3.5\r\n", f.send(s, "ZADD", "z", "INCR", "1", "a"));
        assertEquals("$19\r\n0.10000000000000001\r\n", f.send(s, "ZADD", "z", "INCR", "0.1", "x"));
        assertEquals(":1\r\n", f.send(s, "ZREM", "z", "x"));
        assertEquals("*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\na\r\n$3\r\n3.5\r\n",
                f.send(s, "ZRANGE", "z", "0", "-1", "WITHSCORES"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\nc\r\n", f.send(s, "ZREVRANGE", "z", "0", "1"));
        assertEquals("*2\r\n$1\r\nc\r\n$1\r\na\r\n", f.send(s, "ZRANGEBYSCORE", "z", "(2", "+inf"));
        assertEquals("*1\r\n$1\r\nc\r\n", f.send(s, "ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "1"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\nc\r\n", f.send(s, "ZREVRANGEBYSCORE", "z", "+inf", "3"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\nc\r\n", f.send(s, "ZRANGE", "z", "+inf", "3", "BYSCORE", "REV"));
        assertEquals(":2\r\n", f.send(s, "ZCOUNT", "z", "2", "3"));
        assertEquals(":1\r\n", f.send(s, "ZRANK", "z", "c"));
        assertEquals(":0\r\n", f.send(s, "ZREVRANK", "z", "a"));
        assertEquals("$-1\r\n", f.send(s, "ZRANK", "z", "nope"));
        assertEquals("-ERR min or max is not a float\r\n", f.send(s, "ZCOUNT", "z", "x", "1"));
        assertEquals("-ERR value is not a valid float\r\n", f.send(s, "ZADD", "z", "x", "m"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZADD", "z", "NX", "1"));
        assertEquals("-ERR wrong number of arguments for 'zadd' command\r\n", f.send(s, "ZADD", "z", "1"));
        assertEquals("-ERR XX and NX options at the same time are not compatible\r\n",
                f.send(s, "ZADD", "z", "NX", "XX", "1", "m"));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", f.send(s, "ZPOPMIN", "z"));
        assertEquals("*4\r\n$1\r\na\r\n$3\r\n3.5\r\n$1\r\nc\r\n$1\r\n3\r\n", f.send(s, "ZPOPMAX", "z", "5"));
        assertEquals(":0\r\n", f.send(s, "EXISTS", "z"));
        assertEquals("*0\r\n", f.send(s, "ZPOPMIN", "z"));
    }

    @Test
    public void theMemoryEstimateFollowsCollectionsAndReturnsToZero() {
        f.send(s, "RPUSH", "l", "a", "bb", "ccc");
        f.send(s, "HSET", "h", "f", "v", "g", "w");
        f.send(s, "SADD", "s", "x", "y");
        f.send(s, "ZADD", "z", "1", "x", "2", "y");
        f.send(s, "HSET", "h", "f", "longer");
        f.send(s, "LPOP", "l");
        f.send(s, "SPOP", "s");
        f.send(s, "ZPOPMIN", "z");
        f.send(s, "HDEL", "h", "g");
        assertTrue(f.keyspace.usedMemory() > 0);
        f.send(s, "DEL", "l", "h", "s", "z");
        assertEquals(0, f.keyspace.usedMemory());
    }
}
