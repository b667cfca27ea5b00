package dev.patchbay.keyspace.internal;

/** The memory limit in force for a configured {@code maxmemory}. */
final class MemoryLimit {

    private MemoryLimit() {
    }

    /**
     * 0 means half of the JVM's maximum heap, not Redis's "no limit", so that clients filling the
     * keyspace get the OOM error instead of ending the server (it exits on OutOfMemoryError).
     */
    static long of(long configured) {
        return configured == 0 ? Runtime.getRuntime().maxMemory() / 2 : configured;
    }
}
