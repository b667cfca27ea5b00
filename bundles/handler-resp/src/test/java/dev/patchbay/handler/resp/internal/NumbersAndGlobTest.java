package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class NumbersAndGlobTest {

    private static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Numbers.parseLong(b, 0, b.length, Errors.NOT_INTEGER);
    }

    @Test
    public void integersAsString2ll() {
        assertEquals(0, parse("0"));
        assertEquals(-42, parse("-42"));
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        for (String bad : new String[] {"", "-", "+1", "01", " 1", "1 ", "9223372036854775808", "1.0", "-0", "abc"}) {
            try {
                parse(bad);
                fail(bad);
            } catch (RespError expected) {
                assertEquals("ERR value is not an integer or out of range", expected.getMessage());
            }
        }
    }

    @Test
    public void scoresAsPercent17g() {
        assertEquals("1", Numbers.g17(1));
        assertEquals("1.5", Numbers.g17(1.5));
        assertEquals("0.10000000000000001", Numbers.g17(0.1));
        assertEquals("inf", Numbers.g17(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Numbers.g17(Double.NEGATIVE_INFINITY));
        assertEquals("1e+20", Numbers.g17(1e20));
        assertEquals("1.0000000000000001e-05", Numbers.g17(0.00001));
        assertEquals("-2.5", Numbers.g17(-2.5));
    }

    @Test
    public void globs() {
        assertTrue(Glob.matches("*", "anything"));
        assertTrue(Glob.matches("h?llo", "hello"));
        assertTrue(Glob.matches("h[ae]llo", "hallo"));
        assertFalse(Glob.matches("h[^e]llo", "hello"));
        assertTrue(Glob.matches("h[a-b]llo", "hbllo"));
        assertTrue(Glob.matches("a\\*b", "a*b"));
        assertFalse(Glob.matches("a\\*b", "axb"));
        assertTrue(Glob.matchesIgnoreCase("MAX*", "maxmemory"));
    }
}
