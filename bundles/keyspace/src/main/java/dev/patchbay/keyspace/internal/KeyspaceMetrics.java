package dev.patchbay.keyspace.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Channels;
import dev.patchbay.api.keyspace.Database;
import dev.patchbay.api.keyspace.Keyspace;
import dev.patchbay.support.metrics.CountView;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyspace's metrics, and the command counts handlers keep in it, registered in this
 * bundle's {@link MetricRegistry} while the metrics bundle runs (Prometheus names in the
 * README's metrics section; the labelled ones get their labels from the metrics bundle's
 * mapping). A component of its own, so that the keyspace serves without the metrics bundle:
 * the bundle imports the Dropwizard package optionally, and this class is loaded only when a
 * registry is there. Everything is read when scraped; nothing is added to the command path.
 */
@Component(immediate = true)
public class KeyspaceMetrics {

    /** Followed by the database number. */
    static final String DB_KEYS = "patchbay.keyspace.db.keys";
    static final String KEYS = "patchbay.keyspace.keys";
    static final String MEMORY_USED = "patchbay.keyspace.memory.used.bytes";
    static final String MEMORY_MAX = "patchbay.keyspace.memory.max.bytes";
    static final String EVICTED = "patchbay.keyspace.evicted.keys";
    static final String EXPIRED = "patchbay.keyspace.expired.keys";
    static final String OOM_REFUSED = "patchbay.keyspace.oom.refused";
    static final String PUBSUB_CHANNELS = "patchbay.keyspace.pubsub.channels";
    static final String PUBSUB_PATTERNS = "patchbay.keyspace.pubsub.patterns";
    static final String PUBSUB_SUBSCRIBERS = "patchbay.keyspace.pubsub.subscribers";
    /** Followed by endpoint and command family. */
    static final String RESP_COMMANDS = "patchbay.resp.commands";

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceMetrics.class);

    @Reference
    private Keyspace keyspace;

    @Reference
    private MetricRegistry registry;

    private final List<String> names = new ArrayList<>();
    private CommandCounters counters;

    @Activate
    void activate() {
        Keyspace k = keyspace;
        for (int i = 0; i < k.databases(); i++) {
            Database db = k.database(i);
            add(DB_KEYS + "." + i, (Gauge<Integer>) () -> keys(db));
        }
        add(KEYS, (Gauge<Long>) () -> {
            long total = 0;
            for (int i = 0; i < k.databases(); i++) {
                total += keys(k.database(i));
            }
            return total;
        });
        add(MEMORY_USED, (Gauge<Long>) k::usedMemory);
        add(MEMORY_MAX, (Gauge<Long>) k::maxMemory);
        add(EVICTED, new CountView(k::evictedKeys));
        add(EXPIRED, new CountView(k::expiredKeys));
        add(OOM_REFUSED, new CountView(k::refusedWrites));
        Channels channels = k.channels();
        add(PUBSUB_CHANNELS, (Gauge<Integer>) () -> {
            int[] n = {0};
            channels.forEachChannel((channel, sessions) -> n[0]++);
            return n[0];
        });
        add(PUBSUB_PATTERNS, (Gauge<Integer>) channels::patterns);
        add(PUBSUB_SUBSCRIBERS, (Gauge<Integer>) () -> subscribers(channels));
        if (k instanceof KeyspaceComponent component) {
            counters = component.commandCounters();
            counters.listen(this::commandCounter);
        }
    }

    @Deactivate
    void deactivate() {
        if (counters != null) {
            counters.listen(null);
        }
        synchronized (names) {
            names.forEach(registry::remove);
            names.clear();
        }
    }

    private void commandCounter(String endpoint, Map.Entry<String, LongAdder> family) {
        LongAdder count = family.getValue();
        add(RESP_COMMANDS + "." + segment(endpoint) + "." + segment(family.getKey()), new CountView(count::sum));
    }

    private void add(String name, Metric metric) {
        synchronized (names) {
            if (names.contains(name)) {
                return;
            }
            try {
                registry.register(name, metric);
                names.add(name);
            } catch (IllegalArgumentException taken) {
                LOG.debug("Metric {} already registered", name);
            }
        }
    }

    private static int keys(Database db) {
        db.lock();
        try {
            return db.size();
        } finally {
            db.unlock();
        }
    }

    /** Sessions subscribed to at least one channel or pattern. */
    private static int subscribers(Channels channels) {
        Set<Long> ids = new HashSet<>();
        channels.forEachChannel((channel, sessions) -> addIds(ids, sessions));
        channels.forEachPattern((pattern, sessions) -> addIds(ids, sessions));
        return ids.size();
    }

    private static void addIds(Set<Long> ids, Set<Session> sessions) {
        for (Session s : sessions) {
            ids.add(s.id());
        }
    }

    /** A label value as one segment of a dotted name, as the metrics bundle decodes it. */
    private static String segment(String value) {
        if (value == null || value.isEmpty()) {
            return "unknown";
        }
        return value.replace("%", "%25").replace(".", "%2E");
    }
}
