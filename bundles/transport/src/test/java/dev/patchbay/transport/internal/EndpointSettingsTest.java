package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.patchbay.transport.internal.EndpointSettings.FilterRef;
import dev.patchbay.transport.internal.EndpointSettings.Parsed;
import dev.patchbay.support.config.Refusal;

import org.junit.Test;
import org.osgi.framework.Version;

public class EndpointSettingsTest {

    /** The least an endpoint file can say, as FileInstall delivers it: every value a string. */
    private static Map<String, Object> minimal() {
        Map<String, Object> props = new HashMap<>();
        props.put("port", "7007");
        props.put("handler", "echo");
        return props;
    }

    private static Map<String, Object> minimalWith(Object... keysAndValues) {
        Map<String, Object> props = minimal();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    private static EndpointSettings accepted(Map<String, ?> props) {
        Parsed parsed = EndpointSettings.parse(props);
        assertTrue("unexpected refusals " + parsed.refusals(), parsed.ok());
        assertNotNull(parsed.settings());
        return parsed.settings();
    }

    /** Asserts that parsing refuses exactly one key, with no settings, and returns the refusal. */
    private static Refusal refusedOnce(Map<String, ?> props) {
        Parsed parsed = EndpointSettings.parse(props);
        assertFalse(parsed.ok());
        assertNull("settings must be null when refused", parsed.settings());
        assertEquals("refusals " + parsed.refusals(), 1, parsed.refusals().size());
        return parsed.refusals().get(0);
    }

    // --- defaults and accepted values ---

    @Test
    public void minimalConfigurationGetsDefaults() {
        EndpointSettings s = accepted(minimal());

        assertEquals("127.0.0.1", s.host());
        assertEquals(7007, s.port());
        assertEquals("line", s.codec());
        assertEquals("echo", s.handler());
        assertNull(s.handlerVersion());
        assertEquals(List.of(), s.filters());
        assertEquals(10_000, s.maxConnections());
        assertEquals(300, s.idleTimeoutSeconds());
        assertEquals(30, s.writeTimeoutSeconds());
        assertEquals(1024, s.backlog());
        assertTrue(s.tcpNoDelay());
        assertEquals(0, s.receiveBufferSize());
        assertEquals(0, s.sendBufferSize());
        assertEquals(8192, s.maxFrameSize());
        assertEquals(1 << 20, s.maxPendingWriteBytes());
        assertEquals(5, s.drainTimeoutSeconds());
        assertEquals(5, s.handlerWaitTimeoutSeconds());
    }

    @Test
    public void stringValuesAsFileInstallDeliversThemAreConverted() {
        Map<String, Object> props = new HashMap<>();
        props.put("host", " 0.0.0.0 ");
        props.put("port", " 9000 ");
        props.put("codec", "length-prefixed");
        props.put("handler", "chat");
        props.put("max.connections", "50");
        props.put("idle.timeout", "0");
        props.put("write.timeout", "10");
        props.put("backlog", "16");
        props.put("tcp.nodelay", "FALSE");
        props.put("receive.buffer.size", "65536");
        props.put("send.buffer.size", "32768");
        props.put("max.frame.size", "1024");
        props.put("max.pending.write.bytes", "4096");
        props.put("drain.timeout", "2");
        props.put("handler.wait.timeout", "7");

        EndpointSettings s = accepted(props);

        assertEquals("0.0.0.0", s.host());
        assertEquals(9000, s.port());
        assertEquals("length-prefixed", s.codec());
        assertEquals("chat", s.handler());
        assertEquals(50, s.maxConnections());
        assertEquals(0, s.idleTimeoutSeconds());
        assertEquals(10, s.writeTimeoutSeconds());
        assertEquals(16, s.backlog());
        assertFalse(s.tcpNoDelay());
        assertEquals(65536, s.receiveBufferSize());
        assertEquals(32768, s.sendBufferSize());
        assertEquals(1024, s.maxFrameSize());
        assertEquals(4096, s.maxPendingWriteBytes());
        assertEquals(2, s.drainTimeoutSeconds());
        assertEquals(7, s.handlerWaitTimeoutSeconds());
    }

    @Test
    public void typedValuesAreAcceptedToo() {
        EndpointSettings s = accepted(Map.of("port", 7007, "handler", "echo", "tcp.nodelay", Boolean.FALSE,
                "max.frame.size", 4096L));

        assertEquals(7007, s.port());
        assertFalse(s.tcpNoDelay());
        assertEquals(4096, s.maxFrameSize());
    }

    @Test
    public void blankValueMeansDefault() {
        EndpointSettings s = accepted(minimalWith("codec", "  ", "max.frame.size", ""));

        assertEquals("line", s.codec());
        assertEquals(8192, s.maxFrameSize());
    }

    @Test
    public void portRangeEndsAreAccepted() {
        assertEquals(1, accepted(minimalWith("port", "1")).port());
        assertEquals(65535, accepted(minimalWith("port", "65535")).port());
    }

    // --- port ---

    @Test
    public void portZeroIsRefused() {
        assertPortRefused("0", "0");
    }

    @Test
    public void portAboveRangeIsRefused() {
        assertPortRefused("70000", "70000");
    }

    @Test
    public void portThatIsNotANumberIsRefused() {
        assertPortRefused("abc", "abc");
    }

    @Test
    public void missingPortIsRefused() {
        Map<String, Object> props = minimal();
        props.remove("port");

        Refusal r = refusedOnce(props);

        assertEquals("port", r.key());
        assertEquals("(missing)", r.value());
        assertNamesPortRange(r.accepted());
    }

    private static void assertPortRefused(Object port, String expectedValue) {
        Refusal r = refusedOnce(minimalWith("port", port));

        assertEquals("port", r.key());
        assertEquals(expectedValue, r.value());
        assertNamesPortRange(r.accepted());
        assertTrue(r.toString(), r.toString().startsWith("port=" + expectedValue + " "));
    }

    private static void assertNamesPortRange(String accepted) {
        assertTrue(accepted, accepted.contains(" 1 ") && accepted.contains("65535"));
    }

    // --- other limits ---

    @Test
    public void negativeMaxConnectionsIsRefused() {
        Refusal r = refusedOnce(minimalWith("max.connections", "-1"));

        assertEquals("max.connections", r.key());
        assertEquals("-1", r.value());
        assertTrue(r.accepted(), r.accepted().contains("10000000"));
    }

    @Test
    public void negativeIdleTimeoutIsRefused() {
        Refusal r = refusedOnce(minimalWith("idle.timeout", "-5"));

        assertEquals("idle.timeout", r.key());
        assertEquals("-5", r.value());
        assertTrue(r.accepted(), r.accepted().contains("0") && r.accepted().contains("86400"));
    }

    @Test
    public void numberBeyondIntIsRefusedNotWrapped() {
        Refusal r = refusedOnce(minimalWith("max.frame.size", "4294967297"));

        assertEquals("max.frame.size", r.key());
    }

    @Test
    public void badTcpNoDelayIsRefused() {
        Refusal r = refusedOnce(minimalWith("tcp.nodelay", "yes"));

        assertEquals("tcp.nodelay", r.key());
        assertEquals("yes", r.value());
        assertEquals("true or false", r.accepted());
    }

    @Test
    public void severalBadKeysGiveSeveralRefusals() {
        Parsed parsed = EndpointSettings.parse(minimalWith(
                "port", "0", "max.connections", "-1", "tcp.nodelay", "maybe", "codec", "bad codec"));

        assertFalse(parsed.ok());
        assertNull(parsed.settings());
        assertEquals(List.of("port", "codec", "max.connections", "tcp.nodelay"),
                parsed.refusals().stream().map(Refusal::key).toList());
    }

    // --- names ---

    @Test
    public void missingHandlerIsRefused() {
        Map<String, Object> props = minimal();
        props.remove("handler");

        Refusal r = refusedOnce(props);

        assertEquals("handler", r.key());
        assertEquals("(missing)", r.value());
        assertTrue(r.accepted(), r.accepted().startsWith("required"));
    }

    @Test
    public void handlerNameWithSpaceIsRefused() {
        Refusal r = refusedOnce(minimalWith("handler", "my handler"));

        assertEquals("handler", r.key());
        assertEquals("my handler", r.value());
    }

    // --- handler.version ---

    @Test
    public void handlerVersionRangeIsParsed() {
        EndpointSettings s = accepted(minimalWith("handler.version", "[1.0,2.0)"));

        assertTrue(s.handlerVersion().includes(new Version(1, 5, 0)));
        assertFalse(s.handlerVersion().includes(new Version(2, 0, 0)));
        assertFalse(s.handlerVersion().includes(new Version(0, 9, 0)));
    }

    @Test
    public void handlerVersionBareVersionMeansAtLeast() {
        EndpointSettings s = accepted(minimalWith("handler.version", "1.2"));

        assertTrue(s.handlerVersion().includes(new Version(1, 2, 0)));
        assertTrue(s.handlerVersion().includes(new Version(7, 0, 0)));
        assertFalse(s.handlerVersion().includes(new Version(1, 1, 9)));
    }

    @Test
    public void badHandlerVersionIsRefused() {
        for (String bad : List.of("[1.0,", "abc", "[2.0,1.0", "1.x")) {
            Refusal r = refusedOnce(minimalWith("handler.version", bad));

            assertEquals(bad, "handler.version", r.key());
            assertEquals(bad, r.value());
        }
    }

    // --- ratelimit profile ---

    @Test
    public void ratelimitProfileRequiresItsFilterFirstInTheChainList() {
        EndpointSettings s = accepted(minimalWith("ratelimit", "example", "filters", "trace?"));

        assertEquals(List.of(new FilterRef("ratelimit.example", true), new FilterRef("trace", false)), s.filters());
    }

    @Test
    public void ratelimitProfileWithBadNameIsRefused() {
        Refusal r = refusedOnce(minimalWith("ratelimit", "no spaces"));

        assertEquals("ratelimit", r.key());
    }

    @Test
    public void swapPolicyDefaultsToHandoverAndAcceptsDrain() {
        assertEquals(EndpointSettings.SwapPolicy.HANDOVER, accepted(minimal()).swapPolicy());
        assertEquals(EndpointSettings.SwapPolicy.DRAIN, accepted(minimalWith("swap.policy", "drain")).swapPolicy());
        assertEquals("swap.policy", refusedOnce(minimalWith("swap.policy", "later")).key());
    }

    // --- filters ---

    @Test
    public void filtersAreParsedWithRequiredFlags() {
        EndpointSettings s = accepted(minimalWith("filters", "ratelimit, trace?"));

        assertEquals(List.of(new FilterRef("ratelimit", true), new FilterRef("trace", false)), s.filters());
    }

    @Test
    public void filtersAsArrayAreParsed() {
        EndpointSettings s = accepted(minimalWith("filters", new String[] {"ratelimit", " trace? "}));

        assertEquals(List.of(new FilterRef("ratelimit", true), new FilterRef("trace", false)), s.filters());
    }

    @Test
    public void emptyFilterEntriesAreSkipped() {
        EndpointSettings s = accepted(minimalWith("filters", "a,,b ,"));

        assertEquals(List.of(new FilterRef("a", true), new FilterRef("b", true)), s.filters());
    }

    @Test
    public void duplicateFilterIsRefused() {
        Refusal r = refusedOnce(minimalWith("filters", "ratelimit, trace, ratelimit?"));

        assertEquals("filters", r.key());
        assertEquals("ratelimit?", r.value());
    }

    @Test
    public void badFilterNameIsRefused() {
        Refusal r = refusedOnce(minimalWith("filters", "ok, not ok"));

        assertEquals("filters", r.key());
        assertEquals("not ok", r.value());
    }

    // --- address ---

    @Test
    public void addressOfIpv4Host() {
        assertEquals("127.0.0.1:7007", accepted(minimal()).address());
    }

    @Test
    public void addressPutsIpv6HostInBrackets() {
        assertEquals("[::1]:7007", accepted(minimalWith("host", "::1")).address());
        assertEquals("[fe80::1%eth0]:80", accepted(minimalWith("host", "fe80::1%eth0", "port", "80")).address());
    }

    @Test
    public void addressOfHostName() {
        assertEquals("localhost:7007", accepted(minimalWith("host", "localhost")).address());
    }
}
