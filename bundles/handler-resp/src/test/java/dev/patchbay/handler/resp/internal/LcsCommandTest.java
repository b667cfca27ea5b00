package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Rule;
import org.junit.Test;

/** LCS with its options; the expected replies are redis-server 7.0.15's bytes for the same commands in the same order. */
public class LcsCommandTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession s = f.open();

    @Test
    public void aTableOverThirtyTwoMegabytesIsRefusedAndASmallerOneAnswers() {
        f.send(s, "SET", "big1", "a".repeat(3000));
        f.send(s, "SET", "big2", "a".repeat(3000));
        assertEquals("-ERR Insufficient memory, transient memory for LCS exceeds 32 MB, this server's limit\r\n",
                f.send(s, "LCS", "big1", "big2", "LEN"));
        f.send(s, "SET", "mid1", "a".repeat(2000));
        f.send(s, "SET", "mid2", "a".repeat(2000));
        assertEquals(":2000\r\n", f.send(s, "LCS", "mid1", "mid2", "LEN"));
    }

    @Test
    public void asRedisAnswers() {
        assertEquals("+OK\r\n", f.send(s, "MSET", "key1", "ohmytext", "key2", "mynewtext"));
        assertEquals("$6\r\nmytext\r\n", f.send(s, "LCS", "key1", "key2"));
        assertEquals(":6\r\n", f.send(s, "LCS", "key1", "key2", "LEN"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n", f.send(s, "LCS", "key1", "key2", "IDX"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n", f.send(s, "LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n", f.send(s, "LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n", f.send(s, "LCS", "key1", "key2", "IDX", "WITHMATCHLEN", "MINMATCHLEN", "-5"));
        assertEquals("-ERR If you want both the length and indexes, please just use IDX.\r\n", f.send(s, "LCS", "key1", "key2", "LEN", "IDX"));
        assertEquals("-ERR value is not an integer or out of range\r\n", f.send(s, "LCS", "key1", "key2", "MINMATCHLEN", "x"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "LCS", "key1", "key2", "MINMATCHLEN"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "LCS", "key1", "key2", "foo"));
        assertEquals("$0\r\n\r\n", f.send(s, "LCS", "key1", "nokey"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n", f.send(s, "LCS", "nokey", "nokey2", "IDX"));
        assertEquals(":0\r\n", f.send(s, "LCS", "key1", "nokey", "LEN"));
        assertEquals(":1\r\n", f.send(s, "SADD", "set", "a"));
        assertEquals("-ERR The specified keys must contain string values\r\n", f.send(s, "LCS", "key1", "set"));
        assertEquals("-ERR The specified keys must contain string values\r\n", f.send(s, "LCS", "set", "key1", "foo"));
        assertEquals("+OK\r\n", f.send(s, "MSET", "a1", "abcabc", "a2", "cbacba"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*3\r\n*3\r\n*2\r\n:5\r\n:5\r\n*2\r\n:3\r\n:3\r\n:1\r\n*3\r\n*2\r\n:4\r\n:4\r\n*2\r\n:1\r\n:1\r\n:1\r\n*3\r\n*2\r\n:2\r\n:2\r\n*2\r\n:0\r\n:0\r\n:1\r\n$3\r\nlen\r\n:3\r\n", f.send(s, "LCS", "a1", "a2", "IDX", "WITHMATCHLEN"));
        assertEquals("$3\r\ncbc\r\n", f.send(s, "LCS", "a1", "a2"));
        assertEquals("+OK\r\n", f.send(s, "MSET", "b1", "xaxbxc", "b2", "abc"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*3\r\n*2\r\n*2\r\n:5\r\n:5\r\n*2\r\n:2\r\n:2\r\n*2\r\n*2\r\n:3\r\n:3\r\n*2\r\n:1\r\n:1\r\n*2\r\n*2\r\n:1\r\n:1\r\n*2\r\n:0\r\n:0\r\n$3\r\nlen\r\n:3\r\n", f.send(s, "LCS", "b1", "b2", "IDX"));
        assertEquals(":3\r\n", f.send(s, "LCS", "b1", "b2", "LEN", "WITHMATCHLEN"));
    }
}
