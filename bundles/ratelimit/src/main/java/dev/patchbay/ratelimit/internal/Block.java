package dev.patchbay.ratelimit.internal;

/**
 * A temporary block of one network on one endpoint.
 *
 * @param key         the endpoint and the blocked address or address group
 * @param sinceNanos  when it started, on the profile's clock
 * @param untilNanos  when it ends, on the profile's clock
 * @param sinceMillis when it started, wall clock
 * @param reason      why, for the operator
 * @param refusals    refusals within the window that triggered it
 */
record Block(AddressKey key, long sinceNanos, long untilNanos, long sinceMillis, String reason, int refusals) {

    boolean expired(long nowNanos) {
        return nowNanos - untilNanos >= 0;
    }
}
