package dev.patchbay.support.json;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class JsonStringTest {

    @Test
    public void stringLiteralsAreEscapedAndNullIsNull() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Json.string("a\"b\\c\nd\u0001"));
        assertEquals("null", Json.string(null));
        assertEquals("{\"k\":[1,true,null,\"v\"]}", Json.toJson(java.util.Map.of("k", java.util.Arrays.asList(1, true, null, "v"))));
    }
}
