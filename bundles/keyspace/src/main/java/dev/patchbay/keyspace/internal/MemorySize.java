package dev.patchbay.keyspace.internal;

import java.util.Locale;

/** Reads memory sizes as Redis's configuration does: 1k = 1000, 1kb = 1024, and so on. */
final class MemorySize {

    private MemorySize() {
    }

    /**
     * The limit in force for a configured {@code maxmemory}: 0 means half of the JVM's maximum
     * heap, not Redis's "no limit", so that clients filling the keyspace get the OOM error
     * instead of ending the server (it exits on OutOfMemoryError).
     */
    static long limit(long configured) {
        return configured == 0 ? Runtime.getRuntime().maxMemory() / 2 : configured;
    }

    static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"},
            {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a memory size: " + text);
        }
        if (n < 0 || n > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("not a memory size: " + text);
        }
        return n * unit;
    }
}
