package dev.patchbay.audit.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.patchbay.support.config.check.SchemaConsistency;

import org.junit.Test;

/**
 * The audit log enforces exactly what its metatype declares: every key described and read,
 * each default accepted, each range refused one past its bounds.
 */
public class MetatypeConsistencyTest {

    @Test
    public void auditEnforcesItsMetatype() {
        assertEquals(AuditSettings.PID, AuditSettings.SCHEMA.pid());
        assertEquals(List.of(), SchemaConsistency.check(AuditSettings.SCHEMA, Map.of(), Set.of(),
                r -> AuditSettings.read(r, k -> null, null)));
    }
}
