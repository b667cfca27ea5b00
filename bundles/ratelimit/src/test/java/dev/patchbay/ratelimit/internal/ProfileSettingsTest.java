package dev.patchbay.ratelimit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.patchbay.support.config.Refusal;

import org.junit.Test;

public class ProfileSettingsTest {

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "dev.patchbay.ratelimit~test");
        m.put("felix.fileinstall.filename", "file:/opt/patchbay/etc/dev.patchbay.ratelimit-test.cfg");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static ProfileSettings accepted(Map<String, Object> props) {
        ProfileSettings.Parsed p = ProfileSettings.parse(props);
        assertTrue("refused: " + p.refusals(), p.ok());
        return p.settings();
    }

    private static Refusal refusedOnce(Map<String, Object> props) {
        ProfileSettings.Parsed p = ProfileSettings.parse(props);
        assertFalse(p.ok());
        assertNull(p.settings());
        assertEquals(p.refusals().toString(), 1, p.refusals().size());
        return p.refusals().get(0);
    }

    @Test
    public void emptyConfigurationLimitsNothing() {
        ProfileSettings s = accepted(props());
        assertNull(s.connections());
        assertNull(s.messages());
        assertNull(s.bytes());
        assertEquals(0, s.connectionsPerAddress());
        assertEquals(0, s.connectionsPerEndpoint());
        assertEquals(32, s.ipv4Prefix());
        assertEquals(64, s.ipv6Prefix());
        assertTrue(s.allow().isEmpty());
        assertTrue(s.deny().isEmpty());
        assertEquals(0, s.blockThreshold());
        assertEquals(20_000, s.maxAddresses());
        assertFalse(s.limitsTraffic());
    }

    @Test
    public void theShippedExampleProfile() {
        ProfileSettings s = accepted(props("messages.per.second", "100", "messages.burst", "100",
                "bytes.per.second", "0", "connections.per.address", "5", "allow", "", "deny", "127.0.0.66/32",
                "block.threshold", "20", "block.window", "60", "block.duration", "300"));
        assertEquals(new ProfileSettings.Rate(100, 100), s.messages());
        assertNull(s.bytes());
        assertEquals(5, s.connectionsPerAddress());
        assertEquals(List.of(Cidr.parse("127.0.0.66/32")), s.deny().networks());
        assertTrue(s.allow().isEmpty());
        assertTrue(s.limitsTraffic());
    }

    @Test
    public void burstDefaultsToOneSecondOfTheRate() {
        assertEquals(new ProfileSettings.Rate(50, 50), accepted(props("connections.per.second", "50")).connections());
        assertEquals(new ProfileSettings.Rate(1000, 4000),
                accepted(props("bytes.per.second", 1000, "bytes.burst", 4000L)).bytes());
        // A burst without a rate limits nothing.
        assertNull(accepted(props("messages.burst", "10")).messages());
    }

    @Test
    public void listsAcceptCommasSpacesAndArrays() {
        ProfileSettings s = accepted(props("allow", "10.0.0.0/8, 192.0.2.7 2001:db8::/32",
                "deny", new String[] {"10.9.0.0/16", "::1"}));
        assertEquals(3, s.allow().networks().size());
        assertEquals(List.of(Cidr.parse("10.9.0.0/16"), Cidr.parse("::1/128")), s.deny().networks());
    }

    @Test
    public void badValuesAreRefusedWithKeyValueAndRange() {
        Refusal r = refusedOnce(props("messages.per.second", "fast"));
        assertEquals("messages.per.second", r.key());
        assertEquals("fast", r.value());
        assertTrue(r.accepted(), r.accepted().contains("0 to 1000000000"));

        r = refusedOnce(props("connections.per.address", "-1"));
        assertEquals("connections.per.address", r.key());

        r = refusedOnce(props("ipv4.prefix", "33"));
        assertEquals("ipv4.prefix", r.key());
        assertTrue(r.accepted().contains("0 to 32"));

        r = refusedOnce(props("ipv6.prefix", "129"));
        assertEquals("ipv6.prefix", r.key());

        r = refusedOnce(props("block.window", "0"));
        assertEquals("block.window", r.key());

        r = refusedOnce(props("max.addresses", "0"));
        assertEquals("max.addresses", r.key());

        r = refusedOnce(props("messages.per.second", 1.5));
        assertEquals("messages.per.second", r.key());
    }

    @Test
    public void badNetworkIsRefusedByItself() {
        Refusal r = refusedOnce(props("deny", "127.0.0.66/32, evil.example.com"));
        assertEquals("deny", r.key());
        assertEquals("evil.example.com", r.value());
        assertTrue(r.accepted().contains("CIDR"));
        assertEquals("deny=evil.example.com (accepted: " + r.accepted() + ")", r.toString());
    }

    @Test
    public void everyBadKeyIsReported() {
        ProfileSettings.Parsed p = ProfileSettings.parse(props("messages.per.second", "x", "allow", "10.0.0.0/40",
                "report.interval", "0"));
        assertFalse(p.ok());
        assertEquals(List.of("messages.per.second", "allow", "report.interval"),
                p.refusals().stream().map(Refusal::key).toList());
    }

    @Test
    public void equalConfigurationsAreEqualSettings() {
        assertEquals(accepted(props("messages.per.second", "100", "deny", "10.0.0.0/8")),
                accepted(props("messages.per.second", 100, "deny", "10.0.0.0/8")));
    }

    @Test
    public void regroupingIsAChangeOfPrefix() {
        ProfileSettings a = accepted(props());
        assertFalse(accepted(props("messages.per.second", "5")).regroups(a));
        assertTrue(accepted(props("ipv4.prefix", "24")).regroups(a));
        assertTrue(accepted(props("ipv6.prefix", "48")).regroups(a));
    }

    @Test
    public void profileNameComesFromTheFileOrThePid() {
        assertEquals("test", RateLimitProfileComponent.profileName(props()));
        Map<String, Object> byPid = new HashMap<>();
        byPid.put("service.pid", "dev.patchbay.ratelimit~gold");
        assertEquals("gold", RateLimitProfileComponent.profileName(byPid));
    }
}
