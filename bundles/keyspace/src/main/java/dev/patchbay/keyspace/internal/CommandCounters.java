package dev.patchbay.keyspace.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Command counts per endpoint and command family, kept by the keyspace so that they outlive the
 * handler that counts into them (an update, or a newer version beside the old one, goes on with
 * the same counters). A handler resolves each counter once; creating one tells the listener
 * (the metrics export, when the metrics bundle runs).
 */
final class CommandCounters {

    /** Endpoint and family to counter. */
    private final Map<String, Map<String, LongAdder>> counters = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Map.Entry<String, LongAdder>> listener;

    LongAdder counter(String endpoint, String family) {
        Map<String, LongAdder> byFamily = counters.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
        LongAdder c = byFamily.get(family);
        if (c != null) {
            return c;
        }
        LongAdder created = new LongAdder();
        LongAdder raced = byFamily.putIfAbsent(family, created);
        if (raced != null) {
            return raced;
        }
        BiConsumer<String, Map.Entry<String, LongAdder>> l = listener;
        if (l != null) {
            l.accept(endpoint, Map.entry(family, created));
        }
        return created;
    }

    /**
     * Calls {@code added} with every counter there is and, from now on, with every counter
     * created (null stops). A counter created meanwhile may be reported twice.
     */
    void listen(BiConsumer<String, Map.Entry<String, LongAdder>> added) {
        listener = added;
        if (added != null) {
            counters.forEach((endpoint, byFamily) -> byFamily.entrySet().forEach(e -> added.accept(endpoint, e)));
        }
    }
}
