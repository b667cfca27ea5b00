package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.patchbay.support.config.check.SchemaConsistency;

import org.junit.Test;

/**
 * The metrics root enforces exactly what its metatype declares: every key described and read,
 * each default accepted, each range refused one past its bounds (quantile.window used to be
 * clamped silently to 10..3600 instead of refused).
 */
public class MetatypeConsistencyTest {

    @Test
    public void metricsEnforceTheirMetatype() {
        assertEquals(MetricsRoot.PID, MetricsRoot.SCHEMA.pid());
        assertEquals(List.of(), SchemaConsistency.check(MetricsRoot.SCHEMA, Map.of(), Set.of(), MetricsRoot::read));
    }
}
