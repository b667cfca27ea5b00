package dev.patchbay.keyspace.internal;

import java.util.Map;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.ConfigSchema;
import dev.patchbay.support.units.MemorySize;

/**
 * The keyspace's configuration, checked against its one declaration ({@link KeyspaceConfig}):
 * the defaults, ranges and options come from the metatype; memory sizes with units, which the
 * metatype cannot express, are checked here and refused the same way.
 */
record KeyspaceSettings(int databases, long maxMemory, EvictionPolicy policy, int hz) {

    static final String PID = "dev.patchbay.keyspace";

    /** The declaration of every key: defaults and ranges come from it, not from this class. */
    static final ConfigSchema SCHEMA = ConfigSchema.of(KeyspaceConfig.class);

    static final String MEMORY_SIZE = "a size in bytes, optionally with k, kb, m, mb, g or gb (1k = 1000, 1kb = 1024); "
            + "0: half the JVM's maximum heap";

    /** The declared defaults. */
    static final KeyspaceSettings DEFAULTS = read(new ConfigReader(SCHEMA, Map.of()));

    /** Reads every key through {@code r}; what it returns is only meaningful when {@code r} refused nothing. */
    static KeyspaceSettings read(ConfigReader r) {
        int databases = r.integer("databases");
        String maxmemory = r.string("maxmemory");
        long maxMemory = 0;
        try {
            maxMemory = MemoryLimit.of(MemorySize.parse(maxmemory));
        } catch (IllegalArgumentException e) {
            r.refuse("maxmemory", maxmemory, MEMORY_SIZE);
        }
        EvictionPolicy policy = EvictionPolicy.parse(r.option("maxmemory-policy"));
        int hz = r.integer("hz");
        return new KeyspaceSettings(databases, maxMemory, policy, hz);
    }

    KeyspaceSettings withDatabases(int n) {
        return new KeyspaceSettings(n, maxMemory, policy, hz);
    }
}
