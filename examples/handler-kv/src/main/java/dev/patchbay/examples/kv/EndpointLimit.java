package dev.patchbay.examples.kv;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.patchbay.api.handler.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A limit the handler reads from its endpoint's configuration ({@link Session#endpointSetting}),
 * so that each endpoint serving {@code kv} can set its own in its {@code .cfg}, and an edit of the
 * file applies to the next request without a reconnect. Read on each use (a map look-up); the
 * last text parsed per endpoint is remembered, so a value is parsed, and a bad one logged, once
 * per change.
 */
final class EndpointLimit {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointLimit.class);

    private final String key;
    private final long defaultValue;
    private final long max;
    /** By endpoint name: the last text parsed and its value. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String text, long value) {
    }

    EndpointLimit(String key, long defaultValue, long max) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.max = max;
    }

    String key() {
        return key;
    }

    /** The limit in force for the session's endpoint: its setting, or the default when absent or bad. */
    long of(Session session) {
        Optional<String> setting = session.endpointSetting(key);
        if (setting.isEmpty()) {
            return defaultValue;
        }
        String text = setting.get();
        Parsed p = parsed.get(session.endpoint());
        if (p == null || !p.text().equals(text)) {
            p = new Parsed(text, parse(session, text));
            parsed.put(session.endpoint(), p);
        }
        return p.value();
    }

    private long parse(Session session, String text) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        LOG.warn("kv: endpoint {}: refused {}={} (accepted: an integer from 1 to {}); using the default {}",
                session.endpoint(), key, text, max, defaultValue);
        return defaultValue;
    }
}
