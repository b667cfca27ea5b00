package dev.patchbay.ratelimit.internal;

/**
 * Why a connection was refused at accept, with the limit it names in events and logs.
 */
enum RefusalReason {

    DENIED(ProfileSettings.DENY, false),
    NOT_ALLOWED(ProfileSettings.ALLOW, false),
    BLOCKED("block", false),
    TABLE_FULL(ProfileSettings.MAX_ADDRESSES, false),
    CONNECTIONS_PER_ENDPOINT(ProfileSettings.CONNECTIONS_PER_ENDPOINT, false),
    CONNECTIONS_PER_ADDRESS(ProfileSettings.CONNECTIONS_PER_ADDRESS, true),
    CONNECTION_RATE(ProfileSettings.CONNECTIONS_PER_SECOND, true);

    private final String limit;
    private final boolean countsTowardBlock;

    RefusalReason(String limit, boolean countsTowardBlock) {
        this.limit = limit;
        this.countsTowardBlock = countsTowardBlock;
    }

    /** The configuration key of the limit that refused. */
    String limit() {
        return limit;
    }

    /**
     * Whether the refusal is the address's own doing and counts toward {@code block.threshold}.
     * Deny and allow refusals are permanent anyway; a full endpoint or address table is not
     * one address's fault; a blocked address is not blocked again.
     */
    boolean countsTowardBlock() {
        return countsTowardBlock;
    }
}
