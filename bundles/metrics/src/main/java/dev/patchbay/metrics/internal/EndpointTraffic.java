package dev.patchbay.metrics.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;

import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.observe.SessionSummary;
import dev.patchbay.api.observe.TrafficProbe;

/**
 * The traffic metrics of one endpoint, registered in the registry under the endpoint's name.
 * It is the probe of every session of the endpoint: the counts are per endpoint, so one
 * shared, striped object serves them all and opening a session allocates nothing.
 */
public final class EndpointTraffic implements TrafficProbe {

    private final String endpoint;
    private final CountingMeter connections = new CountingMeter();
    private final CountingMeter messagesReceived = new CountingMeter();
    private final CountingMeter messagesSent = new CountingMeter();
    private final CountingMeter bytesReceived = new CountingMeter();
    private final CountingMeter bytesSent = new CountingMeter();
    private final HistogramTimer latency;
    private final HistogramTimer duration;
    private final Map<CloseCause, CountingMeter> closeErrors = new EnumMap<>(CloseCause.class);
    private final CountingMeter refused = new CountingMeter();
    private final CountingMeter tlsHandshakeFailures = new CountingMeter();
    private final List<String> names = new ArrayList<>();

    EndpointTraffic(String endpoint, long quantileWindowNanos) {
        this.endpoint = endpoint;
        this.latency = new HistogramTimer(BucketHistogram.latency(), quantileWindowNanos);
        this.duration = new HistogramTimer(BucketHistogram.duration(), quantileWindowNanos);
        for (CloseCause cause : CloseCause.values()) {
            if (cause.isError()) {
                closeErrors.put(cause, new CountingMeter());
            }
        }
    }

    public String endpoint() {
        return endpoint;
    }

    /** Adds the metrics to a registry; a name already taken there is left as it is. */
    void register(MetricRegistry registry) {
        add(registry, MetricNames.name(MetricNames.CONNECTIONS_OPENED, endpoint), connections);
        add(registry, MetricNames.name(MetricNames.MESSAGES_RECEIVED, endpoint), messagesReceived);
        add(registry, MetricNames.name(MetricNames.MESSAGES_SENT, endpoint), messagesSent);
        add(registry, MetricNames.name(MetricNames.BYTES_RECEIVED, endpoint), bytesReceived);
        add(registry, MetricNames.name(MetricNames.BYTES_SENT, endpoint), bytesSent);
        add(registry, MetricNames.name(MetricNames.MESSAGE_LATENCY, endpoint), latency);
        add(registry, MetricNames.name(MetricNames.CONNECTION_DURATION, endpoint), duration);
        closeErrors.forEach((cause, meter) ->
                add(registry, MetricNames.name(MetricNames.ERRORS, endpoint, MetricNames.errorType(cause)), meter));
        add(registry, MetricNames.name(MetricNames.ERRORS, endpoint, MetricNames.ERROR_REFUSED), refused);
        add(registry, MetricNames.name(MetricNames.ERRORS, endpoint, MetricNames.ERROR_TLS_HANDSHAKE), tlsHandshakeFailures);
    }

    private void add(MetricRegistry registry, String name, Metric metric) {
        try {
            registry.register(name, metric);
            names.add(name);
        } catch (IllegalArgumentException taken) {
            // Registered by someone else (another bundle through the shared registry): theirs stays.
        }
    }

    /** Removes what {@link #register} added. */
    void unregister(MetricRegistry registry) {
        names.forEach(registry::remove);
        names.clear();
    }

    void opened() {
        connections.mark();
    }

    void closed(SessionSummary summary) {
        if (summary.duration() != null) {
            duration.record(summary.duration().toNanos(), 1);
        }
        CloseCause cause = summary.cause();
        if (cause != null && cause.isError()) {
            closeErrors.get(cause).mark();
        }
    }

    void refused() {
        refused.mark();
    }

    void tlsHandshakeFailed() {
        tlsHandshakeFailures.mark();
    }

    @Override
    public void received(int frames, int bytes) {
        messagesReceived.mark(frames);
        bytesReceived.mark(bytes);
    }

    @Override
    public void sent(int messages, int bytes) {
        messagesSent.mark(messages);
        bytesSent.mark(bytes);
    }

    @Override
    public void replied(int count, long nanos) {
        latency.record(nanos, count);
    }

    // Read side, for the console.

    public long connections() {
        return connections.getCount();
    }

    public long messagesReceived() {
        return messagesReceived.getCount();
    }

    public long messagesSent() {
        return messagesSent.getCount();
    }

    public long bytesReceived() {
        return bytesReceived.getCount();
    }

    public long bytesSent() {
        return bytesSent.getCount();
    }

    public HistogramTimer latency() {
        return latency;
    }

    public HistogramTimer duration() {
        return duration;
    }

    /** Errors by type, only those that happened. */
    public Map<String, Long> errors() {
        Map<String, Long> errors = new TreeMap<>();
        closeErrors.forEach((cause, meter) -> {
            if (meter.getCount() > 0) {
                errors.put(MetricNames.errorType(cause), meter.getCount());
            }
        });
        if (refused.getCount() > 0) {
            errors.put(MetricNames.ERROR_REFUSED, refused.getCount());
        }
        if (tlsHandshakeFailures.getCount() > 0) {
            errors.put(MetricNames.ERROR_TLS_HANDSHAKE, tlsHandshakeFailures.getCount());
        }
        return Collections.unmodifiableMap(errors);
    }
}
