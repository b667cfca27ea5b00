package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;

import dev.patchbay.transport.internal.EndpointSettings.Parsed;
import dev.patchbay.support.config.Refusal;

import org.junit.Test;

/** {@code handler.executor} and {@code write.min.rate}; the other keys are in {@link EndpointSettingsTest}. */
public class EndpointSettingsNewKeysTest {

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> props = new HashMap<>();
        props.put("port", "7007");
        props.put("handler", "echo");
        props.put(key, value);
        return props;
    }

    private static EndpointSettings accepted(String key, Object value) {
        Parsed parsed = EndpointSettings.parse(with(key, value));
        assertTrue("unexpected refusals " + parsed.refusals(), parsed.ok());
        return parsed.settings();
    }

    private static Refusal refusedOnce(String key, Object value) {
        Parsed parsed = EndpointSettings.parse(with(key, value));
        assertFalse(key + "=" + value + " accepted", parsed.ok());
        assertNull(parsed.settings());
        assertEquals(parsed.refusals().toString(), 1, parsed.refusals().size());
        Refusal r = parsed.refusals().get(0);
        assertEquals(key, r.key());
        return r;
    }

    @Test
    public void defaultsAreTheIoThreadAnd1KiBPerSecond() {
        EndpointSettings s = accepted("other.key", "x");
        assertFalse(s.onWorker());
        assertEquals(1024, s.writeMinRate());
    }

    @Test
    public void executorIoOrWorker() {
        assertFalse(accepted("handler.executor", "io").onWorker());
        assertTrue(accepted("handler.executor", "worker").onWorker());
        assertTrue(accepted("handler.executor", " worker ").onWorker());
        assertFalse(accepted("handler.executor", "").onWorker()); // blank is unset
    }

    @Test
    public void anyOtherExecutorIsRefused() {
        for (String value : new String[] {"pool", "workers", "thread", "io,worker", "0"}) {
            Refusal r = refusedOnce("handler.executor", value);
            assertEquals(value, r.value());
            assertEquals("io or worker", r.accepted());
        }
    }

    @Test
    public void writeMinRateFromZeroTo2Pow30() {
        assertEquals(0, accepted("write.min.rate", "0").writeMinRate());
        assertEquals(4096, accepted("write.min.rate", "4096").writeMinRate());
        assertEquals(4096, accepted("write.min.rate", 4096).writeMinRate());
        assertEquals(1 << 30, accepted("write.min.rate", String.valueOf(1 << 30)).writeMinRate());
    }

    @Test
    public void writeMinRateOutsideItsRangeIsRefused() {
        for (String value : new String[] {"-1", String.valueOf((1L << 30) + 1), "fast", "1.5"}) {
            Refusal r = refusedOnce("write.min.rate", value);
            assertEquals(value, r.value());
            assertEquals("an integer from 0 to 1073741824", r.accepted());
        }
    }
}
