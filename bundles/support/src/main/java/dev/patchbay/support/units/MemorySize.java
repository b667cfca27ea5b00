package dev.patchbay.support.units;

import java.util.Locale;

/**
 * Reads memory sizes as Redis's configuration does (1k = 1000, 1kb = 1024, and so on): the
 * keyspace's {@code maxmemory} in its {@code .cfg} and a client's {@code CONFIG SET maxmemory}
 * read the same way.
 */
public final class MemorySize {

    private static final String[][] UNITS = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"},
        {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};

    private MemorySize() {
    }

    /** @throws IllegalArgumentException for anything but a non-negative size that fits a long */
    public static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : UNITS) {
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
