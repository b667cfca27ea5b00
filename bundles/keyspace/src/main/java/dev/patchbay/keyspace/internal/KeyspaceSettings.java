package dev.patchbay.keyspace.internal;

/** The keyspace's configuration, checked. */
record KeyspaceSettings(int databases, long maxMemory, EvictionPolicy policy, int hz) {

    static final KeyspaceSettings DEFAULTS = new KeyspaceSettings(16, 0, EvictionPolicy.NOEVICTION, 10);

    static KeyspaceSettings from(KeyspaceConfig c) {
        if (c.databases() < 1 || c.databases() > 1024) {
            throw new IllegalArgumentException("databases " + c.databases() + " is not within 1-1024");
        }
        if (c.hz() < 1 || c.hz() > 500) {
            throw new IllegalArgumentException("hz " + c.hz() + " is not within 1-500");
        }
        return new KeyspaceSettings(c.databases(), MemorySize.parse(c.maxmemory()),
                EvictionPolicy.parse(c.maxmemory$_$policy()), c.hz());
    }

    KeyspaceSettings withDatabases(int n) {
        return new KeyspaceSettings(n, maxMemory, policy, hz);
    }
}
