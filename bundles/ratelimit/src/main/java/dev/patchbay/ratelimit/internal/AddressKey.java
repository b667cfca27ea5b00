package dev.patchbay.ratelimit.internal;

/**
 * Whose limits: one endpoint and one source network (an address, or the network it is
 * grouped into by {@code ipv4.prefix} and {@code ipv6.prefix}). Each endpoint using a
 * profile keeps its own per-address limits.
 */
record AddressKey(String endpoint, Cidr network) {

    @Override
    public String toString() {
        return network + " on " + endpoint;
    }
}
