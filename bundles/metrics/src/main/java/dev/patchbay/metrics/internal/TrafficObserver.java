package dev.patchbay.metrics.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.observe.SessionObserver;
import dev.patchbay.api.observe.SessionSummary;
import dev.patchbay.api.observe.TrafficProbe;

/**
 * Counts every session of every endpoint into that endpoint's {@link EndpointTraffic}. Runs on
 * the transport's I/O threads: a map lookup per open and close, striped adds per read and
 * write, nothing else.
 */
@Component(service = {SessionObserver.class, TrafficObserver.class})
public class TrafficObserver implements SessionObserver {

    @Reference
    private MetricsRoot root;

    private final Map<String, EndpointTraffic> endpoints = new ConcurrentHashMap<>();

    @Activate
    void activate() {
    }

    @Deactivate
    void deactivate() {
        endpoints.values().forEach(t -> t.unregister(root.registry()));
        endpoints.clear();
    }

    @Override
    public TrafficProbe opened(Session session) {
        EndpointTraffic traffic = traffic(session.endpoint());
        traffic.opened();
        return traffic;
    }

    @Override
    public void closed(Session session, SessionSummary summary) {
        traffic(session.endpoint()).closed(summary);
    }

    /** The metrics of an endpoint, registered on first use. */
    public EndpointTraffic traffic(String endpoint) {
        EndpointTraffic traffic = endpoints.get(endpoint);
        if (traffic != null) {
            return traffic;
        }
        return endpoints.computeIfAbsent(endpoint, name -> {
            EndpointTraffic created = new EndpointTraffic(name, root.quantileWindowNanos());
            created.register(root.registry());
            return created;
        });
    }

    public Optional<EndpointTraffic> find(String endpoint) {
        return Optional.ofNullable(endpoints.get(endpoint));
    }

    public Collection<EndpointTraffic> all() {
        return endpoints.values();
    }

    /** Drops the metrics of an endpoint that no longer exists. */
    void forget(String endpoint) {
        EndpointTraffic traffic = endpoints.remove(endpoint);
        if (traffic != null) {
            traffic.unregister(root.registry());
        }
    }
}
