package dev.patchbay.metrics.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.api.runtime.TransportRuntime;

/**
 * The per-endpoint gauges read from the transport's own view rather than counted here:
 * open sessions, held sessions, whether the endpoint is serving, and its connection limit.
 * {@link #refresh()} (on activation, on endpoint events, before each scrape and console
 * listing) registers the gauges of new
 * endpoints and removes those of endpoints that are gone; the values are read at scrape time
 * from one snapshot of the endpoints.
 */
@Component(service = EndpointGauges.class)
public class EndpointGauges {

    @Reference
    private MetricsRoot root;

    @Reference
    private TrafficObserver traffic;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TransportRuntime runtime;

    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<String, EndpointInfo> snapshot = Map.of();

    @Activate
    void activate() {
        refresh();
    }

    /** Takes a new snapshot of the endpoints and brings the gauges in line with it. */
    public synchronized List<EndpointInfo> refresh() {
        TransportRuntime current = runtime;
        List<EndpointInfo> endpoints = current == null ? List.of() : current.endpoints();
        Map<String, EndpointInfo> byName = new ConcurrentHashMap<>();
        for (EndpointInfo e : endpoints) {
            byName.put(e.name(), e);
        }
        snapshot = byName;
        MetricRegistry registry = root.registry();
        for (String name : byName.keySet()) {
            if (registered.add(name)) {
                traffic.traffic(name);
                register(registry, name);
            }
        }
        for (String name : new HashSet<>(registered)) {
            if (!byName.containsKey(name)) {
                unregister(registry, name);
                traffic.forget(name);
                registered.remove(name);
            }
        }
        return endpoints;
    }

    @Deactivate
    synchronized void deactivate() {
        registered.forEach(name -> unregister(root.registry(), name));
        registered.clear();
    }

    private void register(MetricRegistry registry, String endpoint) {
        gauge(registry, MetricNames.CONNECTIONS_ACTIVE, endpoint, () -> info(endpoint) == null ? 0 : info(endpoint).sessions());
        gauge(registry, MetricNames.SESSIONS_HELD, endpoint, () -> {
            EndpointInfo info = info(endpoint);
            return info == null ? 0 : info.sessionsByVersion().getOrDefault("held", 0);
        });
        gauge(registry, MetricNames.ENDPOINT_UP, endpoint,
                () -> info(endpoint) != null && info(endpoint).state() == EndpointState.LISTENING ? 1 : 0);
        // The limit the transport enforces, from its own view: never a value it refused.
        gauge(registry, MetricNames.CONNECTIONS_MAX, endpoint, () -> info(endpoint) == null ? 0 : info(endpoint).maxConnections());
    }

    private static void gauge(MetricRegistry registry, String base, String endpoint, Gauge<Integer> gauge) {
        String name = MetricNames.name(base, endpoint);
        registry.remove(name);
        registry.register(name, gauge);
    }

    private static void unregister(MetricRegistry registry, String endpoint) {
        for (String base : new String[] {MetricNames.CONNECTIONS_ACTIVE, MetricNames.SESSIONS_HELD,
                MetricNames.ENDPOINT_UP, MetricNames.CONNECTIONS_MAX}) {
            registry.remove(MetricNames.name(base, endpoint));
        }
    }

    private EndpointInfo info(String endpoint) {
        return snapshot.get(endpoint);
    }
}
