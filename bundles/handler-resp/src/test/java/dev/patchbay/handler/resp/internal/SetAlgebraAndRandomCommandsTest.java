package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Rule;
import org.junit.Test;

/**
 * ZUNION/ZINTER/ZDIFF and their *STORE forms, ZINTERCARD, SINTERCARD, ZRANDMEMBER and
 * HRANDFIELD. The expected replies are redis-server 7.0.15's bytes for the same commands in the
 * same order (random replies only where the answer is forced: whole sets, one-field hashes).
 */
public class SetAlgebraAndRandomCommandsTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession s = f.open();

    @Test
    public void asRedisAnswers() {
        assertEquals(":3\r\n", f.send(s, "ZADD", "za", "1", "a", "2", "b", "3", "c"));
        assertEquals(":3\r\n", f.send(s, "ZADD", "zb", "10", "b", "20", "c", "30", "d"));
        assertEquals(":3\r\n", f.send(s, "SADD", "s", "a", "b", "x"));
        assertEquals("+OK\r\n", f.send(s, "SET", "str", "v"));
        assertEquals("*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n", f.send(s, "ZUNION", "2", "za", "zb"));
        assertEquals("*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\nc\r\n$2\r\n23\r\n$1\r\nd\r\n$2\r\n30\r\n", f.send(s, "ZUNION", "2", "za", "zb", "WITHSCORES"));
        assertEquals("*8\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$2\r\n30\r\n$1\r\nc\r\n$2\r\n60\r\n$1\r\nd\r\n$2\r\n90\r\n", f.send(s, "ZUNION", "2", "za", "zb", "WEIGHTS", "2", "3", "AGGREGATE", "MAX", "WITHSCORES"));
        assertEquals("*10\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$2\r\n13\r\n$1\r\nc\r\n$2\r\n23\r\n$1\r\nd\r\n$2\r\n30\r\n", f.send(s, "ZUNION", "3", "za", "zb", "s", "WITHSCORES"));
        assertEquals("*2\r\n$1\r\nb\r\n$2\r\n13\r\n", f.send(s, "ZINTER", "3", "za", "zb", "s", "WITHSCORES"));
        assertEquals("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", f.send(s, "ZINTER", "2", "za", "zb", "AGGREGATE", "MIN", "WITHSCORES"));
        assertEquals("*0\r\n", f.send(s, "ZINTER", "2", "za", "nokey"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\n1\r\n", f.send(s, "ZDIFF", "2", "za", "zb", "WITHSCORES"));
        assertEquals("*2\r\n$1\r\nc\r\n$1\r\n3\r\n", f.send(s, "ZDIFF", "2", "za", "s", "WITHSCORES"));
        assertEquals("*0\r\n", f.send(s, "ZDIFF", "1", "nokey"));
        assertEquals("*6\r\n$1\r\na\r\n$1\r\n0\r\n$1\r\nb\r\n$1\r\n0\r\n$1\r\nc\r\n$1\r\n0\r\n", f.send(s, "ZUNION", "2", "za", "za", "WEIGHTS", "inf", "-inf", "WITHSCORES"));
        assertEquals("*6\r\n$1\r\na\r\n$3\r\n0.5\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$3\r\n1.5\r\n", f.send(s, "ZUNION", "1", "za", "WEIGHTS", "0.5", "WITHSCORES", "WITHSCORES"));
        assertEquals("-ERR at least 1 input key is needed for 'zunion' command\r\n", f.send(s, "ZUNION", "0", "za"));
        assertEquals("-ERR value is not an integer or out of range\r\n", f.send(s, "ZUNION", "x", "za"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZUNION", "3", "za", "zb"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(s, "ZUNION", "2", "za", "str", "WEIGHTS", "x"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZUNION", "2", "za", "nokey", "WEIGHTS", "1"));
        assertEquals("-ERR weight value is not a float\r\n", f.send(s, "ZUNION", "2", "za", "nokey", "WEIGHTS", "1", "nan"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZUNION", "2", "za", "nokey", "AGGREGATE", "foo"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZDIFF", "2", "za", "zb", "WEIGHTS", "1", "2"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZUNIONSTORE", "d", "2", "za", "zb", "WITHSCORES"));
        assertEquals(":4\r\n", f.send(s, "ZUNIONSTORE", "d", "2", "za", "zb"));
        assertEquals("*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\nc\r\n$2\r\n23\r\n$1\r\nd\r\n$2\r\n30\r\n", f.send(s, "ZRANGE", "d", "0", "-1", "WITHSCORES"));
        assertEquals(":2\r\n", f.send(s, "ZINTERSTORE", "d", "2", "za", "zb", "WEIGHTS", "1", "-1"));
        assertEquals("*4\r\n$1\r\nc\r\n$3\r\n-17\r\n$1\r\nb\r\n$2\r\n-8\r\n", f.send(s, "ZRANGE", "d", "0", "-1", "WITHSCORES"));
        assertEquals(":1\r\n", f.send(s, "ZDIFFSTORE", "d", "2", "zb", "za"));
        assertEquals("*2\r\n$1\r\nd\r\n$2\r\n30\r\n", f.send(s, "ZRANGE", "d", "0", "-1", "WITHSCORES"));
        assertEquals(":0\r\n", f.send(s, "ZINTERSTORE", "d", "2", "za", "nokey"));
        assertEquals(":0\r\n", f.send(s, "EXISTS", "d"));
        assertEquals("-ERR at least 1 input key is needed for 'zinterstore' command\r\n", f.send(s, "ZINTERSTORE", "d", "0", "za"));
        assertEquals(":4\r\n", f.send(s, "ZUNIONSTORE", "za", "2", "za", "s"));
        assertEquals("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n3\r\n", f.send(s, "ZRANGE", "za", "0", "-1", "WITHSCORES"));
        assertEquals(":2\r\n", f.send(s, "ZINTERCARD", "2", "za", "zb"));
        assertEquals(":1\r\n", f.send(s, "ZINTERCARD", "2", "za", "zb", "LIMIT", "1"));
        assertEquals(":2\r\n", f.send(s, "ZINTERCARD", "2", "za", "zb", "LIMIT", "0"));
        assertEquals("-ERR LIMIT can't be negative\r\n", f.send(s, "ZINTERCARD", "2", "za", "zb", "LIMIT", "-1"));
        assertEquals("-ERR at least 1 input key is needed for 'zintercard' command\r\n", f.send(s, "ZINTERCARD", "0", "za"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZINTERCARD", "3", "za"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZINTERCARD", "2", "za", "zb", "WITHSCORES"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(s, "ZINTERCARD", "2", "za", "str"));
        assertEquals(":3\r\n", f.send(s, "SINTERCARD", "2", "s", "s"));
        assertEquals(":2\r\n", f.send(s, "SINTERCARD", "1", "s", "LIMIT", "2"));
        assertEquals(":0\r\n", f.send(s, "SINTERCARD", "2", "s", "nokey"));
        assertEquals("-ERR numkeys should be greater than 0\r\n", f.send(s, "SINTERCARD", "0", "s"));
        assertEquals("-ERR numkeys should be greater than 0\r\n", f.send(s, "SINTERCARD", "x", "s"));
        assertEquals("-ERR Number of keys can't be greater than number of args\r\n", f.send(s, "SINTERCARD", "3", "s"));
        assertEquals("-ERR LIMIT can't be negative\r\n", f.send(s, "SINTERCARD", "1", "s", "LIMIT", "-2"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "SINTERCARD", "1", "s", "LIMIT"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(s, "SINTERCARD", "2", "nokey", "za"));
        assertEquals(":3\r\n", f.send(s, "ZADD", "zr", "1", "a", "2", "b", "3", "c"));
        assertEquals("$-1\r\n", f.send(s, "ZRANDMEMBER", "nokey"));
        assertEquals("*0\r\n", f.send(s, "ZRANDMEMBER", "nokey", "3", "WITHSCORES"));
        assertEquals("*0\r\n", f.send(s, "ZRANDMEMBER", "zr", "0"));
        assertEquals("*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n", f.send(s, "ZRANDMEMBER", "zr", "5", "WITHSCORES"));
        assertEquals("*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", f.send(s, "ZRANDMEMBER", "zr", "3"));
        assertEquals("-ERR value is not an integer or out of range\r\n", f.send(s, "ZRANDMEMBER", "zr", "x"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZRANDMEMBER", "zr", "1", "foo"));
        assertEquals("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n", f.send(s, "ZRANDMEMBER", "zr", "-9223372036854775808"));
        assertEquals("-ERR value is out of range\r\n", f.send(s, "ZRANDMEMBER", "zr", "9223372036854775807", "WITHSCORES"));
        assertEquals("-ERR value is out of range\r\n", f.send(s, "ZRANDMEMBER", "zr", "-4611686018427387904", "WITHSCORES"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(s, "ZRANDMEMBER", "str"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(s, "ZRANDMEMBER", "str", "1"));
        assertEquals(":1\r\n", f.send(s, "HSET", "h", "f", "v"));
        assertEquals("$-1\r\n", f.send(s, "HRANDFIELD", "nokey"));
        assertEquals("*0\r\n", f.send(s, "HRANDFIELD", "nokey", "2"));
        assertEquals("$1\r\nf\r\n", f.send(s, "HRANDFIELD", "h"));
        assertEquals("*2\r\n$1\r\nf\r\n$1\r\nv\r\n", f.send(s, "HRANDFIELD", "h", "5", "WITHVALUES"));
        assertEquals("*6\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n", f.send(s, "HRANDFIELD", "h", "-3", "WITHVALUES"));
        assertEquals("*2\r\n$1\r\nf\r\n$1\r\nf\r\n", f.send(s, "HRANDFIELD", "h", "-2"));
        assertEquals("*0\r\n", f.send(s, "HRANDFIELD", "h", "0"));
        assertEquals("-ERR value is not an integer or out of range\r\n", f.send(s, "HRANDFIELD", "h", "x"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "HRANDFIELD", "h", "1", "WITHSCORES"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(s, "HRANDFIELD", "str"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(s, "HRANDFIELD", "str", "2"));
    }

    @Test
    public void aNegativeCountPastTheBoundIsRefusedInsteadOfBuildingAHugeReply() {
        String refused = "-ERR count is out of range, a negative count must be at least -1048576\r\n";
        f.send(s, "ZADD", "zb", "1", "a");
        f.send(s, "SADD", "sb", "a");
        f.send(s, "HSET", "hb", "f", "v");
        assertEquals(refused, f.send(s, "ZRANDMEMBER", "zb", "-4611686018427387903", "WITHSCORES"));
        assertEquals(refused, f.send(s, "SRANDMEMBER", "sb", "-1048577"));
        assertEquals(refused, f.send(s, "HRANDFIELD", "hb", "-1048577", "WITHVALUES"));
        String atTheBound = f.send(s, "SRANDMEMBER", "sb", "-1048576");
        assertEquals("*1048576\r\n", atTheBound.substring(0, atTheBound.indexOf('\n') + 1));
        assertEquals(":1\r\n", f.send(s, "EXISTS", "sb"));
    }

    @Test
    public void aPositiveCountPicksDistinctMembers() {
        f.send(s, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        f.send(s, "HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
        for (int round = 0; round < 20; round++) {
            assertDistinct(f.send(s, "ZRANDMEMBER", "z", "3"), 3);
            assertDistinct(f.send(s, "HRANDFIELD", "h", "3"), 3);
        }
        String pairs = f.send(s, "ZRANDMEMBER", "z", "-4", "WITHSCORES");
        assertTrue(pairs, pairs.startsWith("*8\r\n"));
        String one = f.send(s, "ZRANDMEMBER", "z");
        assertTrue(one, one.matches("\\$1\r\n[a-e]\r\n"));
    }

    private static void assertDistinct(String reply, int n) {
        assertTrue(reply, reply.startsWith("*" + n + "\r\n"));
        Set<String> seen = new HashSet<>();
        Matcher m = Pattern.compile("\\$1\r\n([a-e])\r\n").matcher(reply);
        while (m.find()) {
            assertTrue(reply, seen.add(m.group(1)));
        }
        assertEquals(reply, n, seen.size());
    }

    @Test
    public void aStoreWakesAClientWaitingForItsDestination() {
        MemorySession waiter = f.open();
        assertEquals("", f.send(waiter, "BZPOPMIN", "dest", "0"));
        f.send(s, "ZADD", "z", "1", "a");
        assertEquals(":1\r\n", f.send(s, "ZUNIONSTORE", "dest", "1", "z"));
        assertEquals("*3\r\n$4\r\ndest\r\n$1\r\na\r\n$1\r\n1\r\n", waiter.take());
        assertEquals(":0\r\n", f.send(s, "EXISTS", "dest"));
    }

    @Test
    public void pastMaxmemoryTheStoresAreRefusedAndTheReadsAnswer() {
        f.send(s, "ZADD", "z", "1", "a", "2", "b");
        f.send(s, "CONFIG", "SET", "maxmemory", "1");
        String oom = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
        assertEquals(oom, f.send(s, "ZUNIONSTORE", "d", "1", "z"));
        assertEquals(oom, f.send(s, "ZINTERSTORE", "d", "1", "z"));
        assertEquals(oom, f.send(s, "ZDIFFSTORE", "d", "1", "z"));
        assertEquals(":0\r\n", f.send(s, "EXISTS", "d"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\nb\r\n", f.send(s, "ZUNION", "1", "z"));
        assertEquals(":2\r\n", f.send(s, "ZINTERCARD", "1", "z"));
    }

    /** Redis adds the inputs smallest first: 0.3 + 0.2 + 0.1, not 0.1 + 0.2 + 0.3 (0.60000000000000009). */
    @Test
    public void sumsRunFromTheSmallestInput() {
        f.send(s, "ZADD", "z1", "0.3", "a");
        f.send(s, "ZADD", "z2", "0.2", "a", "1", "b");
        f.send(s, "ZADD", "z3", "0.1", "a", "1", "c", "2", "d");
        assertEquals("*8\r\n$1\r\na\r\n$19\r\n0.59999999999999998\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n2\r\n",
                f.send(s, "ZUNION", "3", "z3", "z2", "z1", "WITHSCORES"));
        assertEquals("*2\r\n$1\r\na\r\n$19\r\n0.59999999999999998\r\n", f.send(s, "ZINTER", "3", "z3", "z2", "z1", "WITHSCORES"));
    }

    /** A -0 result is replied as -0 but stored as 0 in a small set, as redis-server does (listpack encoding). */
    @Test
    public void aNegativeZeroIsStoredAsZeroInASmallSet() {
        f.send(s, "ZADD", "z", "0", "f", "1", "c");
        assertEquals("*4\r\n$1\r\nc\r\n$2\r\n-1\r\n$1\r\nf\r\n$2\r\n-0\r\n", f.send(s, "ZUNION", "1", "z", "WEIGHTS", "-1", "WITHSCORES"));
        assertEquals(":2\r\n", f.send(s, "ZUNIONSTORE", "d", "1", "z", "WEIGHTS", "-1"));
        assertEquals("*4\r\n$1\r\nc\r\n$2\r\n-1\r\n$1\r\nf\r\n$1\r\n0\r\n", f.send(s, "ZRANGE", "d", "0", "-1", "WITHSCORES"));
    }

    /** Infinity times 0: NaN, made 0 for a union's input but, past ZINTER's first input, left to turn a SUM into 0. */
    @Test
    public void infinityTimesZeroAsRedisCountsIt() {
        f.send(s, "ZADD", "za", "0.1", "i", "5", "k");
        f.send(s, "ZADD", "zb", "0", "i", "1", "k", "2", "m");
        assertEquals("*4\r\n$1\r\ni\r\n$1\r\n0\r\n$1\r\nk\r\n$3\r\ninf\r\n", f.send(s, "ZINTER", "2", "za", "zb", "WEIGHTS", "3", "inf", "WITHSCORES"));
        assertEquals("*4\r\n$1\r\ni\r\n$19\r\n0.30000000000000004\r\n$1\r\nk\r\n$3\r\ninf\r\n", f.send(s, "ZINTER", "2", "za", "zb", "WEIGHTS", "3", "inf", "AGGREGATE", "MAX", "WITHSCORES"));
        assertEquals("*6\r\n$1\r\ni\r\n$19\r\n0.30000000000000004\r\n$1\r\nk\r\n$3\r\ninf\r\n$1\r\nm\r\n$3\r\ninf\r\n", f.send(s, "ZUNION", "2", "za", "zb", "WEIGHTS", "3", "inf", "WITHSCORES"));
    }
}
