package dev.patchbay.support.json;

import java.lang.reflect.Array;
import java.util.Map;

/**
 * Writes JSON text: strings, numbers, booleans, null, maps (as objects, in their iteration
 * order) and collections or arrays (as arrays). Small on purpose: the audit log and the health
 * probes write only these, and a hand-written escaper keeps the bundles free of a JSON library.
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** Appends {@code value} as a JSON string literal, quotes included. */
    public static void appendString(StringBuilder out, CharSequence value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters, and U+2028/2029 which some JavaScript readers take as line ends.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Appends any supported value; anything else is written as its {@code toString()}. */
    public static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double d) {
            appendDecimal(out, d);
        } else if (value instanceof Float f) {
            appendDecimal(out, f.doubleValue());
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            appendObject(out, map);
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendValue(out, item);
            }
            out.append(']');
        } else if (value.getClass().isArray()) {
            out.append('[');
            for (int i = 0; i < Array.getLength(value); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendValue(out, Array.get(value, i));
            }
            out.append(']');
        } else {
            appendString(out, value instanceof CharSequence s ? s : String.valueOf(value));
        }
    }

    public static void appendObject(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, String.valueOf(e.getKey()));
            out.append(':');
            appendValue(out, e.getValue());
        }
        out.append('}');
    }

    /** JSON has no NaN or infinities: those are written as strings. */
    private static void appendDecimal(StringBuilder out, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            appendString(out, Double.toString(d));
        } else {
            out.append(d);
        }
    }

    /** {@code value} as a JSON string literal, quotes included; {@code null} as {@code null}. */
    public static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2);
        appendString(out, value);
        return out.toString();
    }

    public static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        appendValue(out, value);
        return out.toString();
    }
}
