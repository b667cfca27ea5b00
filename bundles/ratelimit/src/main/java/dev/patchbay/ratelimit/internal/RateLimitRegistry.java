package dev.patchbay.ratelimit.internal;

import java.util.List;
import java.util.Optional;
import dev.patchbay.support.event.EventSink;

/**
 * The active rate-limit profiles of this bundle, for the console commands, and the shared
 * housekeeping thread and event outlet of the profiles. Private to this bundle.
 */
public interface RateLimitRegistry {

    /** The active profiles, by name. */
    List<RateLimitFilter> profiles();

    /** The active profile {@code name}. */
    Optional<RateLimitFilter> profile(String name);

    /** Starts the housekeeping of a new profile. */
    void add(RateLimitFilter filter);

    /** Stops the housekeeping of a profile that goes away. */
    void remove(RateLimitFilter filter);

    /** Posts profile events to Event Admin, when present. */
    EventSink events();

    /** Runs profile housekeeping off the I/O threads, one task at a time. */
    java.util.concurrent.Executor housekeeping();
}
