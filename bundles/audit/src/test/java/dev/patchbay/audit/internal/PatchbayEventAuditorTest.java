package dev.patchbay.audit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.support.json.Json;

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
    public void aMemoryStateChangeKeepsItsFiguresAsNumbers() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EventProperties.STATE, "full");
        props.put(EventProperties.HELD, 268_435_456L);
        props.put(EventProperties.BUDGET, 268_435_456L);
        props.put(EventProperties.REASON, "held 268435456 of 268435456 bytes");
        props.put("bundle.symbolicName", "patchbay-transport");
        AuditEvent e = auditOf(Topics.TRANSPORT_MEMORY, props);
        assertEquals("{\"event\":\"transport.memory\",\"details\":{\"budget\":268435456,\"held\":268435456,"
                + "\"reason\":\"held 268435456 of 268435456 bytes\",\"state\":\"full\"}}", Json.toJson(e.fields()));
    }

    @Test
    public void aFailedAuthNamesTheUserTopLevelAndItsReason() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EventProperties.ENDPOINT, "resp");
        props.put(EventProperties.SESSION, 7L);
        props.put(EventProperties.REMOTE, "/127.0.0.1:50124");
        props.put(EventProperties.USER, "admin");
        props.put(EventProperties.COMMAND, "AUTH");
        props.put(EventProperties.REASON, "unknown user");
        AuditEvent e = auditOf(Topics.AUTH_FAILED, props);
        assertEquals("{\"event\":\"auth.failed\",\"endpoint\":\"resp\",\"session\":7,\"remote\":\"127.0.0.1:50124\","
                + "\"user\":\"admin\",\"details\":{\"command\":\"AUTH\",\"reason\":\"unknown user\"}}",
                Json.toJson(e.fields()));
        assertEquals(AuditClass.SESSIONS, AuditClass.of("auth.failed"));
        assertTrue(AuditClass.perConnection("auth.failed"));
    }

    @Test
    public void aPluginFailureNamesItsSessionAndThePlugin() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EventProperties.ENDPOINT, "echo");
        props.put(EventProperties.SESSION, 42L);
        props.put(EventProperties.REMOTE, "/127.0.0.1:50123");
        props.put(EventProperties.PLUGIN, "handler echo 1.2.0");
        props.put(EventProperties.REASON, "java.lang.StackOverflowError");
        AuditEvent e = auditOf(Topics.PLUGIN_FAILED, props);
        assertEquals("{\"event\":\"plugin.failed\",\"endpoint\":\"echo\",\"session\":42,\"remote\":\"127.0.0.1:50123\","
                + "\"details\":{\"plugin\":\"handler echo 1.2.0\",\"reason\":\"java.lang.StackOverflowError\"}}",
                Json.toJson(e.fields()));
    }

    @Test
    public void aConnectionRefusedForMemoryIsAnAccessDenial() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EventProperties.ENDPOINT, "echo");
        props.put(EventProperties.REMOTE, "/127.0.0.1:50124");
        props.put(EventProperties.REASON, "transport memory budget full (held 1048576 of 1048576 bytes)");
        AuditEvent e = auditOf(Topics.SESSION_REFUSED, props);
        assertEquals("{\"event\":\"access.denied\",\"endpoint\":\"echo\",\"remote\":\"127.0.0.1:50124\","
                + "\"details\":{\"reason\":\"transport memory budget full (held 1048576 of 1048576 bytes)\"}}",
                Json.toJson(e.fields()));
    }

    @Test
    public void everyAuditedTopicHasAName() {
        assertEquals("access.denied", PatchbayEventAuditor.EVENTS.get(Topics.SESSION_REFUSED));
        assertEquals("tls.failed", PatchbayEventAuditor.EVENTS.get(Topics.TLS_HANDSHAKE_FAILED));
        assertEquals("transport.memory", PatchbayEventAuditor.EVENTS.get(Topics.TRANSPORT_MEMORY));
        assertEquals("plugin.failed", PatchbayEventAuditor.EVENTS.get(Topics.PLUGIN_FAILED));
        assertEquals("auth.failed", PatchbayEventAuditor.EVENTS.get(Topics.AUTH_FAILED));
        assertEquals(16, PatchbayEventAuditor.EVENTS.size());
    }

    /** The component annotations are not kept at run time: read the descriptor bnd generated from them. */
    @Test
    public void theAuditorSubscribesToExactlyTheTopicsItNames() throws Exception {
        String descriptor = "/OSGI-INF/" + PatchbayEventAuditor.class.getName() + ".xml";
        Set<String> subscribed = new TreeSet<>();
        try (InputStream in = PatchbayEventAuditor.class.getResourceAsStream(descriptor)) {
            assertNotNull("no " + descriptor + " (built by bnd in process-classes)", in);
            NodeList properties = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("property");
            for (int i = 0; i < properties.getLength(); i++) {
                Element property = (Element) properties.item(i);
                if (EventConstants.EVENT_TOPIC.equals(property.getAttribute("name"))) {
                    property.getTextContent().lines().map(String::trim).filter(t -> !t.isEmpty())
                            .forEach(subscribed::add);
                }
            }
        }
        assertEquals(new TreeSet<>(PatchbayEventAuditor.EVENTS.keySet()), subscribed);
    }

    private static AuditEvent auditOf(String topic, Map<String, Object> props) {
        return PatchbayEventAuditor.toAuditEvent(PatchbayEventAuditor.EVENTS.get(topic), new Event(topic, props));
    }
}
