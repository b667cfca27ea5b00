package dev.patchbay.ratelimit.internal;

import java.time.Instant;

/**
 * A block, as the console shows it.
 *
 * @param profile          the rate-limit profile that blocked
 * @param endpoint         the endpoint the block applies to
 * @param address          the blocked address or network
 * @param since            when it started
 * @param remainingSeconds seconds until it ends
 * @param reason           why
 */
public record BlockInfo(String profile, String endpoint, String address, Instant since, long remainingSeconds,
        String reason) {
}
