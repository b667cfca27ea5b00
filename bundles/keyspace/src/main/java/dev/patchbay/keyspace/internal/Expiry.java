package dev.patchbay.keyspace.internal;

/** When a key expires, and where it sits in its database's array of keys with a time to live (for sampling). */
final class Expiry {
    long at;
    int slot;

    Expiry(long at, int slot) {
        this.at = at;
        this.slot = slot;
    }
}
