package dev.patchbay.keyspace.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.Refusal;
import dev.patchbay.support.config.check.SchemaConsistency;

import org.junit.Test;

/**
 * The keyspace enforces exactly what its metatype declares: every key described and read, each
 * default accepted, each range refused one past its bounds, each policy option accepted; and a
 * memory size the metatype cannot check is refused the same way.
 */
public class MetatypeConsistencyTest {

    @Test
    public void keyspaceEnforcesItsMetatype() {
        assertEquals(KeyspaceSettings.PID, KeyspaceSettings.SCHEMA.pid());
        assertEquals(List.of(), SchemaConsistency.check(KeyspaceSettings.SCHEMA, Map.of(), Set.of(),
                KeyspaceSettings::read));
    }

    @Test
    public void aMemorySizeIsReadAsRedisReadsItAndABadOneIsRefused() {
        ConfigReader good = new ConfigReader(KeyspaceSettings.SCHEMA, Map.of("maxmemory", "1kb", "maxmemory-policy", "ALLKEYS-RANDOM"));
        KeyspaceSettings s = KeyspaceSettings.read(good);
        assertEquals(List.of(), good.refusals());
        assertEquals(1024, s.maxMemory());
        assertEquals(EvictionPolicy.ALLKEYS_RANDOM, s.policy());

        ConfigReader bad = new ConfigReader(KeyspaceSettings.SCHEMA, Map.of("maxmemory", "lots"));
        KeyspaceSettings.read(bad);
        assertEquals(List.of(new Refusal("maxmemory", "lots", KeyspaceSettings.MEMORY_SIZE)), bad.refusals());
    }

    @Test
    public void zeroMeansHalfTheHeapSoThatFillingTheKeyspaceCannotEndTheServer() {
        assertEquals(Runtime.getRuntime().maxMemory() / 2, KeyspaceSettings.DEFAULTS.maxMemory());
        ConfigReader zero = new ConfigReader(KeyspaceSettings.SCHEMA, Map.of("maxmemory", "0"));
        assertEquals(Runtime.getRuntime().maxMemory() / 2, KeyspaceSettings.read(zero).maxMemory());
    }
}
