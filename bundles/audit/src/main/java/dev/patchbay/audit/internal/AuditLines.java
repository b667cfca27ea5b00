package dev.patchbay.audit.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import dev.patchbay.support.json.Json;

/** The text of an audit line before it is sealed: {@code {"ts":"...",<fields>} without the closing brace. */
final class AuditLines {

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditLines() {
    }

    static String format(Instant ts) {
        return TS.format(ts);
    }

    static StringBuilder open(Instant ts, Map<String, Object> fields) {
        StringBuilder open = new StringBuilder(256).append("{\"ts\":\"").append(TS.format(ts)).append('"');
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            open.append(',');
            Json.appendString(open, e.getKey());
            open.append(':');
            Json.appendValue(open, e.getValue());
        }
        return open;
    }
}
