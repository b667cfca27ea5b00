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
 * LPOS, the lexicographic and store forms of the sorted-set ranges, the *SCAN family. The
 * expected replies are redis-server 7.0.15's bytes for the same commands in the same order.
 */
public class RangeAndScanCommandsTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession s = f.open();

    @Test
    public void asRedisAnswers() {
        assertEquals(":8\r\n", f.send(s, "RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c"));
        assertEquals(":2\r\n", f.send(s, "LPOS", "l", "c"));
        assertEquals(":6\r\n", f.send(s, "LPOS", "l", "c", "RANK", "2"));
        assertEquals(":7\r\n", f.send(s, "LPOS", "l", "c", "RANK", "-1"));
        assertEquals("*3\r\n:2\r\n:6\r\n:7\r\n", f.send(s, "LPOS", "l", "c", "COUNT", "0"));
        assertEquals("*2\r\n:7\r\n:6\r\n", f.send(s, "LPOS", "l", "c", "COUNT", "2", "RANK", "-1"));
        assertEquals(":6\r\n", f.send(s, "LPOS", "l", "c", "RANK", "-2", "MAXLEN", "2"));
        assertEquals("*1\r\n:2\r\n", f.send(s, "LPOS", "l", "c", "COUNT", "0", "MAXLEN", "3"));
        assertEquals("-ERR COUNT can't be negative\r\n", f.send(s, "LPOS", "l", "c", "COUNT", "x"));
        assertEquals("-ERR MAXLEN can't be negative\r\n", f.send(s, "LPOS", "l", "c", "MAXLEN", "-1"));
        assertEquals("-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n", f.send(s, "LPOS", "l", "c", "RANK", "0"));
        assertEquals("$-1\r\n", f.send(s, "LPOS", "nokey", "c"));
        assertEquals("*0\r\n", f.send(s, "LPOS", "nokey", "c", "COUNT", "1"));
        assertEquals("*0\r\n", f.send(s, "LPOS", "l", "z", "COUNT", "1"));
        assertEquals("$-1\r\n", f.send(s, "LPOS", "l", "z"));
        assertEquals(":5\r\n", f.send(s, "ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"));
        assertEquals("*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n", f.send(s, "ZRANGEBYLEX", "z", "-", "+"));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", f.send(s, "ZRANGEBYLEX", "z", "[b", "(d"));
        assertEquals("-ERR min or max not valid string range item\r\n", f.send(s, "ZRANGEBYLEX", "z", "b", "d"));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", f.send(s, "ZRANGEBYLEX", "z", "[a", "+", "LIMIT", "1", "2"));
        assertEquals("*2\r\n$1\r\ne\r\n$1\r\nd\r\n", f.send(s, "ZREVRANGEBYLEX", "z", "+", "-", "LIMIT", "0", "2"));
        assertEquals("*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", f.send(s, "ZREVRANGEBYLEX", "z", "(d", "[a"));
        assertEquals(":4\r\n", f.send(s, "ZLEXCOUNT", "z", "[b", "+"));
        assertEquals(":1\r\n", f.send(s, "ZLEXCOUNT", "z", "-", "(b"));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", f.send(s, "ZRANGE", "z", "[b", "[c", "BYLEX"));
        assertEquals("*2\r\n$1\r\nc\r\n$1\r\nb\r\n", f.send(s, "ZRANGE", "z", "[c", "[b", "BYLEX", "REV"));
        assertEquals("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n", f.send(s, "ZRANGE", "z", "[b", "[c", "BYLEX", "WITHSCORES"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZRANGE", "z", "0", "1", "BYLEX", "BYSCORE"));
        assertEquals("-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n", f.send(s, "ZRANGE", "z", "0", "1", "LIMIT", "0", "1"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZRANGE", "z", "0", "1", "REV", "REV"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZRANGEBYLEX", "z", "-", "+", "REV"));
        assertEquals("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n", f.send(s, "ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"));
        assertEquals(":2\r\n", f.send(s, "ZRANGESTORE", "d", "z", "[b", "[d", "BYLEX", "LIMIT", "1", "5"));
        assertEquals("*4\r\n$1\r\nc\r\n$1\r\n0\r\n$1\r\nd\r\n$1\r\n0\r\n", f.send(s, "ZRANGE", "d", "0", "-1", "WITHSCORES"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "ZRANGESTORE", "d", "z", "0", "1", "WITHSCORES"));
        assertEquals(":0\r\n", f.send(s, "ZRANGESTORE", "d", "z", "5", "9"));
        assertEquals(":0\r\n", f.send(s, "EXISTS", "d"));
        assertEquals(":2\r\n", f.send(s, "ZREMRANGEBYLEX", "z", "[a", "[b"));
        assertEquals(":1\r\n", f.send(s, "ZREMRANGEBYRANK", "z", "0", "0"));
        assertEquals(":2\r\n", f.send(s, "ZREMRANGEBYSCORE", "z", "-inf", "(1"));
        assertEquals(":0\r\n", f.send(s, "ZCARD", "z"));
        assertEquals("*0\r\n", f.send(s, "ZRANGE", "z", "(a", "+", "BYLEX", "LIMIT", "0", "-1"));
        assertEquals("*0\r\n", f.send(s, "ZRANGE", "z", "5", "0", "BYSCORE", "REV", "LIMIT", "-1", "3"));
        assertEquals(":3\r\n", f.send(s, "ZADD", "y", "1", "a", "2", "b", "3", "c"));
        assertEquals("*2\r\n$1\r\nc\r\n$1\r\n3\r\n", f.send(s, "ZRANGE", "y", "(1", "3", "BYSCORE", "LIMIT", "1", "1", "WITHSCORES"));
        assertEquals("*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n", f.send(s, "ZREVRANGEBYSCORE", "y", "3", "1", "WITHSCORES"));
        assertEquals("*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", f.send(s, "ZRANGE", "y", "0", "-1", "REV"));
        assertEquals(":2\r\n", f.send(s, "ZCOUNT", "y", "(1", "+inf"));
        assertEquals("-ERR min or max is not a float\r\n", f.send(s, "ZCOUNT", "y", "x", "2"));
        assertEquals(":1\r\n", f.send(s, "HSET", "h", "f", "v"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "HSCAN", "h", "0", "COUNT", "0"));
        assertEquals("-ERR invalid cursor\r\n", f.send(s, "HSCAN", "h", "x"));
        assertEquals("-ERR syntax error\r\n", f.send(s, "HSCAN", "h", "0", "TYPE", "string"));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", f.send(s, "HSCAN", "nokey", "0"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", f.send(s, "SSCAN", "y", "0"));
    }

    /** Every member present throughout is returned although the collection grows tenfold between calls. */
    @Test
    public void scanMissesNothingPresentThroughoutAResize() {
        for (int i = 0; i < 100; i++) {
            f.send(s, "SADD", "set", "m" + i);
            f.send(s, "SET", "k" + i, "v");
        }
        for (String[] scan : new String[][] {{"SCAN"}, {"SSCAN", "set"}}) {
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int added = 0;
            do {
                String[] args = new String[scan.length + 3];
                System.arraycopy(scan, 0, args, 0, scan.length);
                args[scan.length] = cursor;
                args[scan.length + 1] = "COUNT";
                args[scan.length + 2] = "7";
                String reply = f.send(s, args);
                Matcher m = Pattern.compile("^\\*2\r\n\\$\\d+\r\n(\\d+)\r\n").matcher(reply);
                assertTrue(reply, m.find());
                cursor = m.group(1);
                Matcher e = Pattern.compile("\\$\\d+\r\n([^\r]*)\r\n").matcher(reply.substring(m.end()));
                while (e.find()) {
                    seen.add(e.group(1));
                }
                // Ten times as many during the first calls: the maps are resized several times.
                for (int i = 0; i < 300 && added < 1000; i++, added++) {
                    f.send(s, "SADD", "set", "grown" + added);
                    f.send(s, "SET", "grown" + added, "v");
                }
            } while (!cursor.equals("0"));
            String prefix = scan.length == 1 ? "k" : "m";
            for (int i = 0; i < 100; i++) {
                assertTrue(scan[0] + " missed " + prefix + i, seen.contains(prefix + i));
            }
        }
    }

    @Test
    public void hashAndSortedSetScansReturnValuesAndScores() {
        f.send(s, "HSET", "h", "f", "v");
        assertEquals("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", f.send(s, "HSCAN", "h", "0"));
        f.send(s, "ZADD", "z", "1.5", "m", "2", "n");
        assertEquals("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nm\r\n$3\r\n1.5\r\n", f.send(s, "ZSCAN", "z", "0", "MATCH", "m*"));
    }

    @Test
    public void spopAndSrandmemberWithCounts() {
        f.send(s, "SADD", "s", "a", "b", "c", "d");
        String three = f.send(s, "SRANDMEMBER", "s", "3");
        assertTrue(three, three.startsWith("*3\r\n"));
        Set<String> distinct = new HashSet<>(java.util.Arrays.asList(three.substring(4).split("\r\n")));
        distinct.remove("$1");
        assertEquals("SRANDMEMBER with a positive count returns distinct members", 3, distinct.size());
        assertTrue(f.send(s, "SRANDMEMBER", "s", "-6").startsWith("*6\r\n"));
        assertTrue(f.send(s, "SPOP", "s", "3").startsWith("*3\r\n"));
        assertEquals(":1\r\n", f.send(s, "SCARD", "s"));
    }
}
