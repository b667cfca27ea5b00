package dev.patchbay.audit.internal;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.support.json.Json;

public class JsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    public void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001fh\\u007f\"", Json.toJson("a\"b\\c\nd\re\tf\u0000g\u001fh\u007f"));
        assertEquals("\"\\u2028\\u2029\"", Json.toJson("\u2028\u2029"));
    }

    @Test
    public void everyCharacterRoundTripsThroughARealParser() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            if (!Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        all.append("😀 \uD83D\uDE00");
        String text = all.toString();
        assertEquals(text, mapper.readValue(Json.toJson(text), String.class));
    }

    @Test
    public void writesNestedObjectsArraysNumbersBooleansAndNull() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("old", null);
        inner.put("new", "x");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", 42L);
        m.put("d", 1.5);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("list", List.of("a", 1));
        m.put("array", new String[] {"p", "q"});
        m.put("inner", inner);
        m.put("other", new StringBuilder("sb"));
        String json = Json.toJson(m);
        assertEquals("{\"n\":42,\"d\":1.5,\"nan\":\"NaN\",\"b\":true,\"list\":[\"a\",1],\"array\":[\"p\",\"q\"],"
                + "\"inner\":{\"old\":null,\"new\":\"x\"},\"other\":\"sb\"}", json);
        Map<?, ?> parsed = mapper.readValue(json, Map.class);
        assertEquals(Arrays.asList("p", "q"), parsed.get("array"));
    }
}
