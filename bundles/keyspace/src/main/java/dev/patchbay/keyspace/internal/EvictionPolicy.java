package dev.patchbay.keyspace.internal;

import java.util.Locale;

/** What to do past maxmemory. */
enum EvictionPolicy {
    NOEVICTION("noeviction"),
    ALLKEYS_RANDOM("allkeys-random"),
    VOLATILE_RANDOM("volatile-random");

    private final String redisName;

    EvictionPolicy(String redisName) {
        this.redisName = redisName;
    }

    String redisName() {
        return redisName;
    }

    static EvictionPolicy parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (EvictionPolicy p : values()) {
            if (p.redisName.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("maxmemory-policy " + name
                + " is not one of noeviction, allkeys-random, volatile-random");
    }
}
