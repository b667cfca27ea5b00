package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.patchbay.support.config.check.SchemaConsistency;

import org.junit.Test;

/**
 * The endpoint and transport components enforce exactly what their metatype declares: every
 * key described and read, each default accepted, each range refused one past its bounds. A key
 * added without its declaration, or a range written in one place only, fails here.
 */
public class MetatypeConsistencyTest {

    @Test
    public void endpointEnforcesItsMetatype() {
        List<String> problems = SchemaConsistency.check(EndpointSettings.SCHEMA,
                Map.of("port", "7007", "handler", "echo"), EndpointSettings.HANDLER_KEYS, EndpointSettings::read);
        assertEquals("dev.patchbay.endpoint", EndpointSettings.SCHEMA.pid());
        assertEquals(List.of(), problems);
    }

    @Test
    public void transportEnforcesItsMetatype() {
        List<String> problems = SchemaConsistency.check(TransportSettings.SCHEMA, Map.of(), Set.of(),
                TransportSettings::read);
        assertEquals(TransportSettings.PID, TransportSettings.SCHEMA.pid());
        assertEquals(List.of(), problems);
    }
}
