package dev.patchbay.audit.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;

/**
 * Writes the Patchbay events posted on Event Admin: endpoints started, moved and stopped,
 * refused configurations, refused connections (a full transport memory budget among them),
 * rate-limit refusals, delays (already aggregated by the rate limiter), blocks, handler swaps,
 * TLS failures, changes of the transport's memory state, plug-in failures (each closed one
 * session; a faulty handler shows as a run of them) and failed authentications (a handler's
 * AUTH: never with the password, which handlers do not post). Event Admin delivers them
 * asynchronously, as the actions they record are themselves asynchronous. Session opens and
 * closes come from {@link SessionAuditObserver} instead, synchronously.
 *
 * <p>Handling an event only queues its line, so Event Admin's timeout (5 s) is never reached
 * and the handler never denylisted; the distribution also names this class in Event Admin's
 * {@code org.apache.felix.eventadmin.IgnoreTimeout}, so that not even a stalled queue could.
 */
@Component(property = {
        EventConstants.EVENT_TOPIC + "=" + Topics.ENDPOINT_STARTED,
        EventConstants.EVENT_TOPIC + "=" + Topics.ENDPOINT_MOVED,
        EventConstants.EVENT_TOPIC + "=" + Topics.ENDPOINT_STOPPED,
        EventConstants.EVENT_TOPIC + "=" + Topics.CONFIG_REFUSED,
        EventConstants.EVENT_TOPIC + "=" + Topics.SESSION_REFUSED,
        EventConstants.EVENT_TOPIC + "=" + Topics.HANDLER_SWAPPED,
        EventConstants.EVENT_TOPIC + "=" + Topics.RATELIMIT_REFUSED,
        EventConstants.EVENT_TOPIC + "=" + Topics.RATELIMIT_DELAYED,
        EventConstants.EVENT_TOPIC + "=" + Topics.ADDRESS_BLOCKED,
        EventConstants.EVENT_TOPIC + "=" + Topics.ADDRESS_UNBLOCKED,
        EventConstants.EVENT_TOPIC + "=" + Topics.TLS_HANDSHAKE_FAILED,
        EventConstants.EVENT_TOPIC + "=" + Topics.TLS_LOADED,
        EventConstants.EVENT_TOPIC + "=" + Topics.TLS_REFUSED,
        EventConstants.EVENT_TOPIC + "=" + Topics.TRANSPORT_MEMORY,
        EventConstants.EVENT_TOPIC + "=" + Topics.PLUGIN_FAILED,
        EventConstants.EVENT_TOPIC + "=" + Topics.AUTH_FAILED,
})
public class PatchbayEventAuditor implements EventHandler {

    /** Audit event names by topic. */
    static final Map<String, String> EVENTS = Map.ofEntries(
            Map.entry(Topics.ENDPOINT_STARTED, "endpoint.started"),
            Map.entry(Topics.ENDPOINT_MOVED, "endpoint.moved"),
            Map.entry(Topics.ENDPOINT_STOPPED, "endpoint.stopped"),
            Map.entry(Topics.CONFIG_REFUSED, "config.refused"),
            Map.entry(Topics.SESSION_REFUSED, "access.denied"),
            Map.entry(Topics.HANDLER_SWAPPED, "handler.swapped"),
            Map.entry(Topics.RATELIMIT_REFUSED, "ratelimit.refused"),
            Map.entry(Topics.RATELIMIT_DELAYED, "ratelimit.delayed"),
            Map.entry(Topics.ADDRESS_BLOCKED, "address.blocked"),
            Map.entry(Topics.ADDRESS_UNBLOCKED, "address.unblocked"),
            Map.entry(Topics.TLS_HANDSHAKE_FAILED, "tls.failed"),
            Map.entry(Topics.TLS_LOADED, "tls.loaded"),
            Map.entry(Topics.TLS_REFUSED, "tls.refused"),
            Map.entry(Topics.TRANSPORT_MEMORY, "transport.memory"),
            Map.entry(Topics.PLUGIN_FAILED, "plugin.failed"),
            Map.entry(Topics.AUTH_FAILED, "auth.failed"));

    /** Properties written as top-level fields rather than details. */
    private static final Set<String> COMMON = Set.of(EventProperties.ENDPOINT, EventProperties.SESSION,
            EventProperties.REMOTE, EventProperties.LOCAL, EventProperties.PID, EventProperties.USER);

    /** Felix Event Admin stamps every event with these; the line has its own ts. */
    private static final Set<String> ADDED_BY_EVENT_ADMIN = Set.of("timestamp", "bundle", "bundle.id",
            "bundle.symbolicName", "bundle.version", "bundle.signer");

    @Reference
    private AuditLog audit;

    @Override
    public void handleEvent(Event event) {
        String name = EVENTS.get(event.getTopic());
        if (name != null) {
            audit.record(toAuditEvent(name, event));
        }
    }

    static AuditEvent toAuditEvent(String name, Event event) {
        AuditEvent e = AuditEvent.of(name)
                .endpoint(string(event.getProperty(EventProperties.ENDPOINT)))
                .session(number(event.getProperty(EventProperties.SESSION)))
                .remote(string(event.getProperty(EventProperties.REMOTE)))
                .local(string(event.getProperty(EventProperties.LOCAL)))
                .pid(string(event.getProperty(EventProperties.PID)))
                .user(string(event.getProperty(EventProperties.USER)));
        for (String key : new TreeSet<>(Arrays.asList(event.getPropertyNames()))) {
            if (COMMON.contains(key) || ADDED_BY_EVENT_ADMIN.contains(key) || key.startsWith("event.")) {
                continue;
            }
            Object value = event.getProperty(key);
            e.detail(key, value instanceof Number || value instanceof Boolean ? value : string(value));
        }
        return e;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString());
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }
}
