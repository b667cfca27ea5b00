package dev.patchbay.transport.internal;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Every key of an endpoint's configuration as delivered to it, as strings, for handlers
 * ({@link dev.patchbay.api.handler.Session#endpointSetting}): the keys the transport reads and
 * the ones it does not know (a protocol's own settings). One immutable value, replaced with one
 * write when a configuration is applied.
 *
 * <p>Values may be secrets (a password from {@code $[env:NAME]}): {@link #toString} names the
 * keys only.
 */
final class EndpointProperties {

    static final EndpointProperties NONE = new EndpointProperties(Map.of());

    private final Map<String, String> values;

    private EndpointProperties(Map<String, String> values) {
        this.values = values;
    }

    static EndpointProperties of(Map<String, ?> props) {
        Map<String, String> values = new HashMap<>();
        props.forEach((key, value) -> {
            String s = asString(value);
            if (s != null && !s.isBlank()) {
                values.put(key, s);
            }
        });
        return new EndpointProperties(Map.copyOf(values));
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A list or array (ConfigAdmin's typed values) as the comma list a {@code .cfg} file would hold. */
    private static String asString(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            StringJoiner j = new StringJoiner(",");
            for (int i = 0; i < Array.getLength(value); i++) {
                j.add(String.valueOf(Array.get(value, i)));
            }
            return j.toString();
        }
        if (value instanceof Collection<?> c) {
            StringJoiner j = new StringJoiner(",");
            c.forEach(v -> j.add(String.valueOf(v)));
            return j.toString();
        }
        return value.toString();
    }

    @Override
    public String toString() {
        return "EndpointProperties" + values.keySet();
    }
}
