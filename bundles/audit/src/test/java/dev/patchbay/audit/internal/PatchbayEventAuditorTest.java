package dev.patchbay.audit.internal;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;
import org.osgi.service.event.Event;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;

public class PatchbayEventAuditorTest {

    @Test
    public void commonPropertiesBecomeFieldsAndTheRestDetails() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EventProperties.ENDPOINT, "echo-limited");
        props.put(EventProperties.REMOTE, "/127.0.0.66:50000");
        props.put(EventProperties.PROFILE, "example");
        props.put(EventProperties.LIMIT, "deny=127.0.0.66/32");
        props.put(EventProperties.COUNT, 3L);
        props.put("timestamp", 1795322834671L);
        AuditEvent e = PatchbayEventAuditor.toAuditEvent(PatchbayEventAuditor.EVENTS.get(Topics.RATELIMIT_REFUSED),
                new Event(Topics.RATELIMIT_REFUSED, props));
        assertEquals("{\"event\":\"ratelimit.refused\",\"endpoint\":\"echo-limited\",\"remote\":\"127.0.0.66:50000\","
                + "\"details\":{\"count\":3,\"limit\":\"deny=127.0.0.66/32\",\"profile\":\"example\"}}", Json.toJson(e.fields()));
    }

    @Test
    public void theEndpointsPidIsTopLevelAndItsFileADetail() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EventProperties.ENDPOINT, "echo");
        props.put(EventProperties.LOCAL, "/127.0.0.1:7007");
        props.put(EventProperties.PID, "dev.patchbay.endpoint~echo");
        props.put(EventProperties.FILE, "etc/dev.patchbay.endpoint-echo.cfg");
        AuditEvent e = PatchbayEventAuditor.toAuditEvent("endpoint.started", new Event(Topics.ENDPOINT_STARTED, props));
        assertEquals("{\"event\":\"endpoint.started\",\"endpoint\":\"echo\",\"local\":\"127.0.0.1:7007\","
                + "\"pid\":\"dev.patchbay.endpoint~echo\","
                + "\"details\":{\"file\":\"etc/dev.patchbay.endpoint-echo.cfg\"}}", Json.toJson(e.fields()));
    }

    @Test
    public void everyAuditedTopicHasAName() {
        assertEquals("access.denied", PatchbayEventAuditor.EVENTS.get(Topics.SESSION_REFUSED));
        assertEquals("tls.failed", PatchbayEventAuditor.EVENTS.get(Topics.TLS_HANDSHAKE_FAILED));
        assertEquals(13, PatchbayEventAuditor.EVENTS.size());
    }
}
