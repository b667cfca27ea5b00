package dev.patchbay.ratelimit.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.patchbay.support.config.check.SchemaConsistency;

import org.junit.Test;

/**
 * A rate-limit profile enforces exactly what its metatype declares: every key described and
 * read, each default accepted, each range refused one past its bounds.
 */
public class MetatypeConsistencyTest {

    @Test
    public void profileEnforcesItsMetatype() {
        assertEquals(RateLimitProfileComponent.FACTORY_PID, ProfileSettings.SCHEMA.pid());
        assertEquals(List.of(), SchemaConsistency.check(ProfileSettings.SCHEMA, Map.of(), Set.of(), ProfileSettings::read));
    }
}
