package dev.patchbay.metrics.internal;

import com.codahale.metrics.MetricRegistry;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;

/**
 * Counts what other bundles post on Event Admin: refused connections, rate-limit refusals and
 * delays, TLS handshake failures, handler swaps and holds. Labels come from bounded sets
 * (endpoint, profile, reason class, handler name and version), never from addresses.
 */
// The topics it counts, not dev/patchbay/*: every session's opened and closed events would
// otherwise be delivered here for nothing, a wake-up of Event Admin's thread each (issue 18).
@Component(property = {
        EventConstants.EVENT_TOPIC + "=" + Topics.SESSION_REFUSED,
        EventConstants.EVENT_TOPIC + "=" + Topics.RATELIMIT_REFUSED,
        EventConstants.EVENT_TOPIC + "=" + Topics.RATELIMIT_DELAYED,
        EventConstants.EVENT_TOPIC + "=" + Topics.TLS_HANDSHAKE_FAILED,
        EventConstants.EVENT_TOPIC + "=" + Topics.HANDLER_SWAPPED,
        EventConstants.EVENT_TOPIC + "=" + Topics.SESSIONS_HELD,
        EventConstants.EVENT_TOPIC + "=" + Topics.ENDPOINT_STARTED,
        EventConstants.EVENT_TOPIC + "=" + Topics.ENDPOINT_STOPPED,
        EventConstants.EVENT_TOPIC + "=" + Topics.ENDPOINT_MOVED })
public class PatchbayEventMetrics implements EventHandler {

    @Reference
    private MetricsRoot root;

    @Reference
    private TrafficObserver traffic;

    @Reference
    private EndpointGauges gauges;

    @Override
    public void handleEvent(Event event) {
        String endpoint = string(event, EventProperties.ENDPOINT);
        switch (event.getTopic()) {
            case Topics.SESSION_REFUSED -> traffic.traffic(endpoint).refused();
            case Topics.RATELIMIT_REFUSED -> meter(MetricNames.RATELIMIT_REFUSED, endpoint,
                    string(event, EventProperties.PROFILE)).mark();
            case Topics.RATELIMIT_DELAYED -> meter(MetricNames.RATELIMIT_DELAYED, endpoint,
                    string(event, EventProperties.PROFILE)).mark(Math.max(1, number(event, EventProperties.COUNT)));
            case Topics.TLS_HANDSHAKE_FAILED -> {
                traffic.traffic(endpoint).tlsHandshakeFailed();
                meter(MetricNames.TLS_HANDSHAKE_FAILURES, endpoint, string(event, EventProperties.REASON_CLASS)).mark();
            }
            case Topics.HANDLER_SWAPPED -> meter(MetricNames.HANDLER_SWAPS, endpoint,
                    string(event, EventProperties.HANDLER), string(event, EventProperties.TO_VERSION)).mark();
            case Topics.SESSIONS_HELD -> meter(MetricNames.HANDLER_HOLDS, endpoint).mark();
            // So that JMX, which is not scraped, sees new endpoints' gauges too.
            case Topics.ENDPOINT_STARTED, Topics.ENDPOINT_STOPPED, Topics.ENDPOINT_MOVED -> gauges.refresh();
            default -> {
                // Other topics carry nothing counted here.
            }
        }
    }

    private CountingMeter meter(String base, String... labels) {
        MetricRegistry registry = root.registry();
        return (CountingMeter) registry.meter(MetricNames.name(base, labels), CountingMeter::new);
    }

    private static String string(Event event, String property) {
        Object value = event.getProperty(property);
        return value == null ? MetricNames.UNKNOWN : value.toString();
    }

    private static long number(Event event, String property) {
        Object value = event.getProperty(property);
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value == null ? 0 : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
